/** Word lists that give the demo organisation believable Indonesian customers and products. */
import type { Prng } from './prng.ts';

const COMPANY_WORDS = [
  'Maju',
  'Jaya',
  'Sentosa',
  'Abadi',
  'Makmur',
  'Sejahtera',
  'Mitra',
  'Karya',
  'Sinar',
  'Indah',
  'Bumi',
  'Nusa',
  'Cipta',
  'Mandiri',
  'Gemilang',
  'Prima',
  'Utama',
  'Perkasa',
  'Persada',
  'Cahaya',
  'Anugerah',
  'Berkah',
  'Harapan',
  'Lestari',
  'Mulia',
  'Samudra',
  'Tunggal',
  'Wijaya',
  'Kencana',
  'Surya',
] as const;

const COMPANY_TRADES = [
  'Logistik',
  'Farmasi',
  'Konstruksi',
  'Teknologi',
  'Properti',
  'Energi',
  'Distribusi',
  'Konsultan',
  'Agro',
  'Tekstil',
  'Ekspedisi',
  'Elektronik',
  'Multifinance',
  'Pangan',
] as const;

const INSTITUTION_KINDS = [
  'RS',
  'Klinik',
  'SMA',
  'Universitas',
  'Koperasi Karyawan',
  'Yayasan Pendidikan',
  'Hotel',
] as const;

const CITIES = ['Jakarta', 'Surabaya', 'Bandung', 'Bekasi', 'Tangerang', 'Sidoarjo', 'Cimahi', 'Depok'];

/** A company or institution name, e.g. "PT Sinar Makmur Logistik" or "RS Harapan Sentosa". */
export function companyName(rng: Prng): string {
  const a = rng.pick(COMPANY_WORDS);
  let b: string = rng.pick(COMPANY_WORDS);
  if (b === a) b = 'Raya';
  const r = rng.next();
  if (r < 0.62) {
    // Listed companies are often written "PT …, Tbk": a comma the CSV writer has to quote.
    const listed = rng.chance(0.06) ? ', Tbk' : '';
    return rng.chance(0.5) ? `PT ${a} ${b} ${rng.pick(COMPANY_TRADES)}${listed}` : `PT ${a} ${b}${listed}`;
  }
  if (r < 0.8) return `CV ${a} ${b}`;
  return `${rng.pick(INSTITUTION_KINDS)} ${a} ${b}`;
}

/** Makes a name unique the way a CRM user would: by adding the branch city. */
export function uniqueName(name: string, taken: Set<string>, rng: Prng): string {
  let candidate = name;
  for (let attempt = 0; taken.has(candidate); attempt++) {
    candidate = `${name} (${attempt < 4 ? rng.pick(CITIES) : `Cabang ${attempt}`})`;
  }
  taken.add(candidate);
  return candidate;
}

export interface ProductLine {
  name: string;
  /** Unit price range in whole rupiah. */
  minPrice: number;
  maxPrice: number;
  /** Relative frequency for new business, and for repeat orders from existing customers. */
  newWeight: number;
  repeatWeight: number;
}

export const PRODUCT_LINES: readonly ProductLine[] = [
  { name: 'Kertas HVS A4', minPrice: 230_000, maxPrice: 285_000, newWeight: 2, repeatWeight: 5 },
  { name: 'Paket ATK kantor', minPrice: 350_000, maxPrice: 650_000, newWeight: 3, repeatWeight: 4 },
  { name: 'Toner & tinta printer', minPrice: 450_000, maxPrice: 1_200_000, newWeight: 2, repeatWeight: 4 },
  { name: 'Perlengkapan pantry', minPrice: 150_000, maxPrice: 400_000, newWeight: 1, repeatWeight: 2 },
  { name: 'Printer multifungsi', minPrice: 4_500_000, maxPrice: 18_000_000, newWeight: 2, repeatWeight: 1 },
  { name: 'Kursi kerja ergonomis', minPrice: 1_200_000, maxPrice: 3_500_000, newWeight: 2, repeatWeight: 1 },
  { name: 'Meja kerja modular', minPrice: 2_000_000, maxPrice: 6_000_000, newWeight: 1.5, repeatWeight: 0.5 },
  { name: 'Lemari arsip besi', minPrice: 2_500_000, maxPrice: 5_500_000, newWeight: 1, repeatWeight: 0.5 },
  {
    name: 'Kontrak pengadaan ATK tahunan, termasuk pengiriman',
    minPrice: 900_000,
    maxPrice: 1_500_000,
    newWeight: 1.5,
    repeatWeight: 1,
  },
];

export const LEAD_SOURCES = ['referral', 'website', 'event', 'cold call', 'partner', 'linkedin'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/** Share of leads per source, chance that such a lead becomes a deal, and its effect on win odds. */
export const SOURCE_PROFILE: Readonly<Record<LeadSource, { share: number; convert: number; win: number }>> = {
  referral: { share: 0.15, convert: 0.5, win: 1.25 },
  website: { share: 0.3, convert: 0.32, win: 1.0 },
  event: { share: 0.12, convert: 0.34, win: 0.95 },
  'cold call': { share: 0.16, convert: 0.17, win: 0.75 },
  partner: { share: 0.1, convert: 0.46, win: 1.15 },
  linkedin: { share: 0.17, convert: 0.25, win: 0.9 },
};

const MONTH_NAMES = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

export function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}
