import { useComputedColorScheme } from '@mantine/core';
import { CHART_COLORS } from '../app/theme.ts';

/** Axis, grid and tooltip colours for the current colour scheme, shared by every chart widget. */
export function useChartTheme() {
  const dark = useComputedColorScheme('light') === 'dark';
  return {
    colors: CHART_COLORS,
    text: dark ? '#c1c2c5' : '#495057',
    muted: dark ? '#8a8d93' : '#868e96',
    grid: dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.06)',
    tooltipBg: dark ? '#25262b' : '#ffffff',
    tooltipBorder: dark ? '#373a40' : '#dee2e6',
    font: "'Inter Variable', Inter, system-ui, sans-serif",
    dark,
  };
}
