import { Skeleton } from '@mantine/core';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useMemo, useRef, useState } from 'react';

export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex: number;
}

export interface ChartSize {
  width: number;
  height: number;
}

interface EChartProps {
  /** The option, or a function of the chart's size in pixels for layouts that depend on it. */
  option: EChartsCoreOption | ((size: ChartSize) => EChartsCoreOption);
  height: number | string;
  onClick?: (click: ChartClick) => void;
  ariaLabel: string;
  testId?: string;
}

/**
 * ECharts, loaded on first use so that it never weighs on the first paint. The space is reserved
 * (a skeleton of the same size) while it loads, so nothing below moves. The chart follows its
 * container: a resized widget or window redraws it at the new size, with the option recomputed for
 * that size when it depends on it (a donut's radius and legend).
 */
export function EChart({ option, height, onClick, ariaLabel, testId }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const [ready, setReady] = useState(false);
  const [size, setSize] = useState<ChartSize | null>(null);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('./echarts-setup.ts').then(({ echarts }) => {
      const host = element.current;
      if (disposed || !host) return;
      const instance = echarts.init(host, null, { renderer: 'canvas' });
      chart.current = instance;
      instance.on('click', (params) => {
        const event = params as unknown as ChartClick;
        clickRef.current?.({ name: event.name, dataIndex: event.dataIndex, seriesIndex: event.seriesIndex });
      });
      const measure = () => {
        const width = host.clientWidth;
        const height = host.clientHeight;
        setSize((known) => (known?.width === width && known.height === height ? known : { width, height }));
      };
      observer = new ResizeObserver(() => {
        instance.resize();
        measure();
      });
      observer.observe(host);
      measure();
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  const resolved = useMemo(
    () => (typeof option === 'function' ? (size && size.width > 0 ? option(size) : null) : option),
    [option, size],
  );

  useEffect(() => {
    if (!ready || !chart.current || !resolved) return;
    chart.current.setOption(resolved, { notMerge: true });
  }, [ready, resolved]);

  return (
    <div
      style={{ position: 'relative', height, width: '100%', minWidth: 0 }}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
    >
      <div ref={element} style={{ position: 'absolute', inset: 0 }} />
      {!ready && <Skeleton pos="absolute" inset={0} radius="md" />}
    </div>
  );
}
