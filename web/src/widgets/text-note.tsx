import { Anchor, ScrollArea, Text, Typography } from '@mantine/core';
import type { MouseEvent, ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import type { Widget } from '../api/types.ts';
import { onLinkClick } from '../app/router.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import classes from './text-note.module.css';

/** Links inside the app stay in it; others open in a new tab that cannot reach back to this one. */
function NoteLink({ href, children }: { href?: string | undefined; children?: ReactNode }) {
  if (!href) return <>{children}</>;
  if (href.startsWith('/') && !href.startsWith('//')) {
    return (
      <Anchor href={href} onClick={(event: MouseEvent<HTMLAnchorElement>) => onLinkClick(event, href)}>
        {children}
      </Anchor>
    );
  }
  return (
    <Anchor href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </Anchor>
  );
}

// The widget's title is an h3: a note's headings come below it, whatever level they were written at.
const COMPONENTS: Components = {
  a: ({ href, children }) => <NoteLink href={href}>{children}</NoteLink>,
  h1: ({ children }) => <h4>{children}</h4>,
  h2: ({ children }) => <h5>{children}</h5>,
  h3: ({ children }) => <h6>{children}</h6>,
  h4: ({ children }) => <h6>{children}</h6>,
  h5: ({ children }) => <h6>{children}</h6>,
  h6: ({ children }) => <h6>{children}</h6>,
  // No images from elsewhere on a shared dashboard (they could track who opens it): a link instead.
  img: ({ src, alt }) => <NoteLink href={typeof src === 'string' ? src : undefined}>{alt || src}</NoteLink>,
};

/**
 * Free text for context ("targets were revised in March"), written in Markdown. Raw HTML is dropped
 * and react-markdown's URL filter removes javascript: and other unsafe links, so nothing can be
 * injected into the dashboard.
 */
export function TextNote({ widget }: { widget: Widget }) {
  const { t } = useI18n();
  const text = widget.config.text?.trim();
  return (
    <ScrollArea h="100%" type="auto">
      {text ? (
        <Typography className={classes.note} data-testid={`note-${widget.id}`}>
          <Markdown skipHtml components={COMPONENTS}>
            {text}
          </Markdown>
        </Typography>
      ) : (
        <Text fz="sm" c="dimmed">
          {t('note.empty')}
        </Text>
      )}
    </ScrollArea>
  );
}
