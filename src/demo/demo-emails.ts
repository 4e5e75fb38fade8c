import { csvLine } from './csv.ts';
import { monthName } from './demo-catalogue.ts';
import { type DemoRep, isRepActive, rampFactor } from './demo-team.ts';
import { type DemoWindow, growth, timeOnDay } from './demo-window.ts';
import type { Prng } from './prng.ts';
import { activityFactor, isRamadan } from './seasonality.ts';
import { dateParts, formatWithOffset, JAKARTA_OFFSET_MINUTES } from './wall-clock.ts';

export const EMAIL_COLUMNS = ['id', 'rep_id', 'campaign', 'sent_at', 'bounced', 'opened_at'] as const;

// ~13 emails per rep per working day give ~80k emails over two years.
const EMAILS_PER_REP_DAY = 13.5;
const HEAD_OF_SALES_SHARE = 0.4;

export interface DemoEmails {
  /** emails.csv without its header. */
  body: string;
  count: number;
}

/** The mailings running in a month; Ramadan brings the Lebaran hamper promotion. */
function campaignsFor(epochDay: number): string[] {
  const { year, month } = dateParts(epochDay);
  const list = [`Newsletter ${monthName(month)} ${year}`];
  if (isRamadan(epochDay)) list.push(`Promo Parsel Lebaran ${year}`);
  if (month === 1) list.push(`Katalog ${year}`);
  if (month === 6 || month === 7) list.push(`Back to School ${year}`);
  if (month >= 11) list.push(`Promo Akhir Tahun ${year}`);
  return list;
}

/**
 * Emails are generated day by day straight into CSV text: there are tens of thousands and nothing
 * else refers to them, so keeping objects around would only cost memory.
 */
export function generateEmails(rng: Prng, reps: readonly DemoRep[], window: DemoWindow): DemoEmails {
  const parts: string[] = [];
  let count = 0;
  for (let day = window.startDay; day <= window.endDay; day++) {
    const demand = activityFactor(day) * growth(window, day);
    const campaigns = campaignsFor(day);
    for (const rep of reps) {
      if (!isRepActive(rep, day)) continue;
      const share = rep.team === null ? HEAD_OF_SALES_SHARE : rep.activity;
      const n = rng.poisson(EMAILS_PER_REP_DAY * share * rampFactor(rep, day) * demand);
      for (let k = 0; k < n; k++) {
        const campaign = rng.chance(0.5) ? rng.pick(campaigns) : null;
        const sentMs = timeOnDay(rng, day, 7.5, 18.5);
        // Bulk mailings bounce more and are opened less than one-to-one follow-ups.
        const bounced = rng.chance(campaign === null ? 0.015 : 0.045);
        let openedAt: string | null = null;
        if (!bounced && rng.chance(campaign === null ? 0.37 : 0.24)) {
          const delayMinutes = Math.min(10 * 24 * 60, Math.max(1, rng.logNormal(75, 1.3)));
          const openedMs = sentMs + Math.round(delayMinutes * 60) * 1000;
          // An email opened after now simply has not been opened yet.
          if (openedMs < window.endMs) openedAt = formatWithOffset(openedMs, JAKARTA_OFFSET_MINUTES);
        }
        // Drawn all the same, so the emails before now do not depend on the hour the demo is made.
        if (sentMs >= window.endMs) continue;
        count++;
        parts.push(
          csvLine([
            `E${String(count).padStart(6, '0')}`,
            rep.id,
            campaign,
            formatWithOffset(sentMs, JAKARTA_OFFSET_MINUTES),
            bounced ? 'true' : 'false',
            openedAt,
          ]),
        );
      }
    }
  }
  return { body: parts.join(''), count };
}
