// Apart from org-settings.ts (which holds org.json's zod schema): the store reads an organisation
// with these on every command, and a command that validates no org.json need not load zod.

export interface OrgSettings {
  name: string;
  timezone: string;
  currency: string;
  fiscal_year_start_month: number;
  gross_margin: number;
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  name: 'My organisation',
  timezone: 'UTC',
  currency: 'USD',
  fiscal_year_start_month: 1,
  gross_margin: 1,
};
