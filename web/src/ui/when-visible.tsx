import { Skeleton } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * Renders its children once they come near the viewport. Widgets below the fold (charts, the team
 * table) then cost nothing on the first render, and ECharts loads when the first chart is scrolled to.
 * The frame around keeps its size, so nothing moves when the content arrives.
 */
export function WhenVisible({ children, margin = '300px' }: { children: ReactNode; margin?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined');

  useEffect(() => {
    if (visible || !element.current) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: margin },
    );
    observer.observe(element.current);
    return () => observer.disconnect();
  }, [visible, margin]);

  if (visible) return <>{children}</>;
  return (
    <div ref={element} style={{ flex: 1, minHeight: 0, display: 'flex' }}>
      <Skeleton radius="md" style={{ flex: 1 }} />
    </div>
  );
}
