import type { Page } from 'playwright-core';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's serious and critical violations on the page as it stands, once it has settled:
 * no spinner or skeleton left (not networkidle: the notification stream stays open) and no
 * animation running (a list that just loaded fades in from half opacity, and measured mid-fade
 * its text fails contrast). The page must allow the injected script (`bypassCSP`).
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.waitForFunction("!document.querySelector('.ant-spin-spinning, .ant-skeleton')");
  await page.waitForFunction('document.getAnimations().length === 0');
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = (await page.evaluate(`
    axe.run(document).then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })),
    )
  `)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
