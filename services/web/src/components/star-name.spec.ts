import { en, type MessageKey, zhCN } from '../i18n/messages.js';
import { starName } from './star-name.js';

describe('accessible names of rating stars', () => {
  const zh = (key: MessageKey) => zhCN[key];
  const english = (key: MessageKey) => en[key];

  it('names each star by its number in Chinese', () => {
    expect([0, 1, 2, 3, 4].map((i) => starName(i, zh))).toEqual(['1 星', '2 星', '3 星', '4 星', '5 星']);
  });

  it('names each star by its number in English, singular for the first', () => {
    expect([0, 1, 4].map((i) => starName(i, english))).toEqual(['1 star', '2 stars', '5 stars']);
  });
});
