import { Segmented } from 'antd';
import { type Language, useI18n } from './i18n';

/** 中文 | English, one tap on a phone. */
export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <Segmented<Language>
      aria-label={t('common.language')}
      size="small"
      value={language}
      onChange={setLanguage}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
