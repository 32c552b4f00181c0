import { ConfigProvider, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { en, type MessageKey, zhCN } from './messages';

export type Language = 'zh-CN' | 'en';
const STORAGE_KEY = 'salesflow.language';

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

function initialLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

/** Chinese by default, English on request; the choice is remembered and drives antd's texts too. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const value = useMemo<I18n>(() => {
    const messages: Record<MessageKey, string> = language === 'en' ? en : zhCN;
    return {
      language,
      setLanguage(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLanguageState(next);
      },
      t: (key) => messages[key],
    };
  }, [language]);
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = language;
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={language === 'en' ? enUS : zhCNLocale}
        // Links and secondary texts darker than antd's defaults, to reach WCAG AA contrast (axe).
        theme={{
          token: {
            colorPrimary: '#1d4ed8',
            colorLink: '#1d4ed8',
            colorTextSecondary: '#595959',
            colorTextDescription: '#595959',
            // Descriptions' labels among others.
            colorTextTertiary: '#595959',
            colorTextPlaceholder: '#6b6b6b',
          },
        }}
        // antd's "no data" of empty lists, tables and selects is in the disabled colour (25 % black,
        // 1.9:1 on white), which fails WCAG AA (axe): every empty state says it in secondary text.
        renderEmpty={() => <Typography.Text type="secondary">{value.t('common.empty')}</Typography.Text>}
        // No space pushed between two CJK characters of a button: its label reads as written.
        button={{ autoInsertSpace: false }}
      >
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
