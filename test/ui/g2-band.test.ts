/**
 * The G2 band as plotted (src/ui/g2-band.ts): G2 ≥ 0, so the band's lower edge is clipped at 0 and
 * the legend says so; a band that stays positive is drawn as it is.
 */
import { describe, expect, it } from 'vitest';
import { g2Band } from '../../src/ui/g2-band.ts';

describe('g2Band', () => {
  it('clips mean − kσ at 0 and states it in the label', () => {
    const b = g2Band({ r: [1, 2, 3], lower: [-10, -0.5, 0.2], upper: [8, 3, 1], k: 2, coverage: 0.95 }, '#000');
    expect(b.lower).toEqual([0, 0, 0.2]);
    expect(b.upper).toEqual([8, 3, 1]);
    expect(b.label).toBe('±2σ (95 % coverage), clipped at G2 = 0');
  });

  it('leaves a positive band alone', () => {
    const b = g2Band({ r: [1, 2], lower: [0.1, 0.2], upper: [1, 2], k: 2 }, '#000');
    expect(b.lower).toEqual([0.1, 0.2]);
    expect(b.label).toBe('±2σ');
  });
});
