import { buildSettingsHtml, buildSidebarHtml } from '../../scripts/build/build-sidebar';

describe.each([
  ['Sidebar.html', buildSidebarHtml, 'getSelectedInvoice'],
  ['Settings.html', buildSettingsHtml, 'saveSettings'],
])('the built %s', (_name, buildPage, serverFunction) => {
  let html: string;
  beforeAll(async () => {
    html = await buildPage();
  });

  it('is one self-contained file: no external scripts, styles or fonts', () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  });

  it('has its JS and CSS inlined in place of the markers', () => {
    expect(html).not.toContain('inline:js');
    expect(html).not.toContain('inline:css');
    expect(html).toMatch(/<style>[^<]*\.card\{/);
    expect(html).toMatch(new RegExp(`<script>[\\s\\S]*${serverFunction}[\\s\\S]*</script>`));
  });

  it('has exactly one closing script tag, so the bundle cannot end its own', () => {
    expect(html.match(/<\/script/gi)).toHaveLength(1);
  });
});
