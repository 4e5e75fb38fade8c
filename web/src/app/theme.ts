import {
  type CSSVariablesResolver,
  createTheme,
  type MantineColorsTuple,
  mergeThemeOverrides,
} from '@mantine/core';

/**
 * The design tokens: one brand colour, one type scale, one spacing scale, one radius. Components take
 * these from the theme (never raw pixel values), so light and dark stay consistent.
 */
const brand: MantineColorsTuple = [
  '#eef2ff',
  '#dfe4fb',
  '#bcc6f1',
  '#97a6e8',
  '#778be1',
  '#6379dc',
  '#5870db',
  '#4860c3',
  '#3e55af',
  '#32499b',
];

export const theme = createTheme({
  primaryColor: 'brand',
  // White on brand-5 is 4.0:1; on brand-7 it passes AA in both themes.
  primaryShade: { light: 7, dark: 7 },
  colors: { brand },
  fontFamily:
    "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace",
  headings: {
    fontFamily: "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.5rem', lineHeight: '1.3' },
      h2: { fontSize: '1.25rem', lineHeight: '1.35' },
      h3: { fontSize: '1rem', lineHeight: '1.4' },
    },
  },
  fontSizes: { xs: '0.75rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.25rem' },
  spacing: { xs: '0.5rem', sm: '0.75rem', md: '1rem', lg: '1.5rem', xl: '2rem' },
  radius: { xs: '4px', sm: '6px', md: '8px', lg: '12px', xl: '16px' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  respectReducedMotion: true,
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'md' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 250 } },
    Button: { defaultProps: { radius: 'md' } },
  },
});

/**
 * The theme with the labels Mantine draws itself in the reader's language: a dialog's close button
 * otherwise has no accessible name.
 */
export const localizedTheme = (closeLabel: string) =>
  mergeThemeOverrides(
    theme,
    createTheme({
      components: {
        Modal: { defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } },
        Drawer: { defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } },
      },
    }),
  );

/** Chart series colours, in order: brand first, then hues that stay apart in light and dark. */
export const CHART_COLORS = ['#5870db', '#2fb39a', '#f2a93b', '#e0607e', '#8c6bd8', '#45a6dd', '#9aa5b1'];

/**
 * Text colours that pass WCAG AA (4.5:1) on every surface they sit on: Mantine's "dimmed" grey is
 * 3.3:1 on white and its light-variant brand text 4.4:1 on its tint, so both are one step darker in
 * the light theme (lighter in the dark one). `--udn-accent` is the brand colour for text (links,
 * selected items): the filled shade is for backgrounds under white text. Checked by axe-core in
 * e2e/accessibility.e2e.ts.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-brand-light-color': 'var(--mantine-color-brand-8)',
    '--mantine-primary-color-light-color': 'var(--mantine-color-brand-8)',
    '--mantine-color-teal-light-color': '#0b6e4f',
    '--mantine-color-red-light-color': '#b02a2a',
    '--mantine-color-gray-light-color': '#495057',
    '--udn-accent': 'var(--mantine-color-brand-8)',
  },
  dark: {
    '--mantine-color-dimmed': '#a1a4aa',
    '--mantine-color-anchor': 'var(--mantine-color-brand-3)',
    '--mantine-color-brand-light-color': 'var(--mantine-color-brand-3)',
    '--mantine-primary-color-light-color': 'var(--mantine-color-brand-3)',
    '--udn-accent': 'var(--mantine-color-brand-3)',
  },
});
