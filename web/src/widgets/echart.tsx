import { Skeleton } from '@mantine/core';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';

export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex: number;
}

interface EChartProps {
  option: EChartsCoreOption;
  height: number | string;
  onClick?: (click: ChartClick) => void;
  ariaLabel: string;
}

/**
 * ECharts, loaded on first use so that it never weighs on the first paint. The space is reserved
 * (a skeleton of the same size) while it loads, so nothing below moves.
 */
export function EChart({ option, height, onClick, ariaLabel }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('./echarts-setup.ts').then(({ echarts }) => {
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current, null, { renderer: 'canvas' });
      chart.current = instance;
      instance.on('click', (params) => {
        const event = params as unknown as ChartClick;
        clickRef.current?.({ name: event.name, dataIndex: event.dataIndex, seriesIndex: event.seriesIndex });
      });
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(element.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready || !chart.current) return;
    chart.current.setOption(option, { notMerge: true });
  }, [ready, option]);

  return (
    <div style={{ position: 'relative', height, width: '100%' }} role="img" aria-label={ariaLabel}>
      <div ref={element} style={{ position: 'absolute', inset: 0 }} />
      {!ready && <Skeleton pos="absolute" inset={0} radius="md" />}
    </div>
  );
}
