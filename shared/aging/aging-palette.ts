import type { AgingBucket } from './aging-buckets';

/**
 * ColorBrewer's YlOrRd, a sequential scheme rated safe for color-blind readers: each later
 * bucket is darker, so the order reads without telling hues apart.
 */
const PAST_DUE_RAMP = ['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026'] as const;
const RAMP_NAMES = ['pale yellow', 'light yellow', 'yellow', 'light orange', 'orange', 'red-orange', 'red', 'dark red', 'maroon'] as const;
const CURRENT = { background: '#e8f0fe', name: 'pale blue' };
const DUE_SOON = { background: '#c6dafc', name: 'light blue' };

export interface BucketColor {
  bucketId: string;
  label: string;
  background: string;
  /** Black or white, whichever reads better on the background (WCAG contrast). */
  text: string;
  /** For the legend and screen readers: colors are never the only cue. */
  name: string;
}

function channel(hex: string, offset: number): number {
  const v = parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const DARK_TEXT = '#202124';
const LIGHT_TEXT = '#ffffff';

function withText(bucket: AgingBucket, background: string, name: string): BucketColor {
  const text = contrastRatio(background, DARK_TEXT) >= contrastRatio(background, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
  return { bucketId: bucket.id, label: bucket.label, background, text, name };
}

/** One color per bucket, spread over the ramp so the oldest bucket is always the darkest. */
export function agingPalette(buckets: readonly AgingBucket[]): BucketColor[] {
  const pastDue = buckets.filter((b) => b.id !== 'current' && b.id !== 'due-soon');
  return buckets.map((bucket) => {
    if (bucket.id === 'current') return withText(bucket, CURRENT.background, CURRENT.name);
    if (bucket.id === 'due-soon') return withText(bucket, DUE_SOON.background, DUE_SOON.name);
    const i = pastDue.indexOf(bucket);
    const at = pastDue.length === 1 ? PAST_DUE_RAMP.length - 1 : Math.round(1 + (i * (PAST_DUE_RAMP.length - 2)) / (pastDue.length - 1));
    return withText(bucket, PAST_DUE_RAMP[at] ?? '#800026', RAMP_NAMES[at] ?? 'maroon');
  });
}
