/**
 * @module lab/benchmark/schema
 * zod schemas of the measured benchmark's files (data/measured-benchmark/): the catalogue (one entry
 * per measured spectrum of a known structure), the excluded list (every other measured spectrum in
 * the shared data, with the reason) and the frozen dev/test split. Loading a file through these
 * gives a clear error naming the file and the field.
 */
import { z } from 'zod';

/** Detection modes as the file headers state them. */
export const DETECTION_MODES = ['transmission', 'fluorescence', 'TEY', 'HERFD', 'unknown'] as const;
export type DetectionMode = (typeof DETECTION_MODES)[number];

/** Where a spectrum is: a file relative to the shared data folder, an Athena group or a CSV row. */
export const spectrumRefSchema = z
  .object({
    /** Relative to the shared data folder, e.g. `experimental/xaslib/Fe/FeO_rt_01.xdi`. */
    path: z.string().min(1),
    /** Athena project: the group label and its 0-based index (labels can repeat in a project). */
    group: z.string().optional(),
    groupIndex: z.number().int().nonnegative().optional(),
    /** CSV of several spectra (maml-rfxas/experiment.csv): `<data row>:<id>` (ids repeat in that file). */
    row: z.string().optional(),
  })
  .strict();
export type SpectrumRef = z.infer<typeof spectrumRefSchema>;

/** A structure file of the compound. */
export const structureRefSchema = z
  .object({
    /** Relative to the shared data folder (`root: 'shared'`) or to the repository (`root: 'repo'`). */
    path: z.string().min(1),
    root: z.enum(['shared', 'repo']),
    /** Database ids (`AMCSD 0000143`, `COD 9008536`, `MP mp-1692`), or `none: …` saying why there is none. */
    ids: z.array(z.string().min(1)).min(1),
    /** experimental refinement; DFT-relaxed stand-in; a cluster cut from a structure. */
    kind: z.enum(['experimental', 'dft', 'cluster']),
    note: z.string().optional(),
  })
  .strict();
export type StructureRef = z.infer<typeof structureRefSchema>;

/** Valence of the absorber: an integer, or the states of a mixed-valence phase (magnetite [2, 3]). */
export const valenceSchema = z.union([z.number().int(), z.array(z.number().int()).min(2)]);
export type Valence = z.infer<typeof valenceSchema>;

/** One measured spectrum of a phase whose structure is known. */
export const catalogueEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._:#/+-]*$/i),
    spectrum: spectrumRefSchema,
    /** The collection it comes from (xaslib, als-fe-references, larch-xafsdata, …). */
    source: z.string().min(1),
    element: z.string().regex(/^[A-Z][a-z]?$/),
    edge: z.enum(['K', 'L1', 'L2', 'L3']),
    /** One key per compound/phase: replicate scans and temperatures of a phase share it. */
    compound: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    formula: z.string().min(1),
    phase: z.string().min(1),
    valence: valenceSchema,
    structures: z.array(structureRefSchema).min(1),
    beamline: z.string().min(1),
    mode: z.enum(DETECTION_MODES),
    temperature: z.object({ text: z.string().min(1), kelvin: z.number().positive().nullable() }).strict(),
    /** Scans of one sample under the same conditions (beamline, mode, temperature). */
    replicateGroup: z.string().min(1),
    notes: z.array(z.string()),
  })
  .strict();
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

export const catalogueSchema = z
  .object({
    version: z.literal(1),
    /** How it was built (command and data folder layout). */
    builtBy: z.string(),
    entries: z.array(catalogueEntrySchema),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    const byCompound = new Map<string, { formula: string; structures: string }>();
    c.entries.forEach((e, i) => {
      if (ids.has(e.id)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate id ${e.id}` });
      ids.add(e.id);
      const sig = { formula: e.formula, structures: JSON.stringify(e.structures) };
      const seen = byCompound.get(e.compound);
      if (!seen) byCompound.set(e.compound, sig);
      else if (seen.formula !== sig.formula || seen.structures !== sig.structures) {
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'compound'], message: `compound ${e.compound}: formula or structures differ between its entries` });
      }
    });
  });
export type Catalogue = z.infer<typeof catalogueSchema>;

/** Why a measured spectrum is not in the catalogue. */
export const EXCLUSION_CATEGORIES = [
  'no-structure',
  'not-crystalline',
  'solution',
  'unknown-phase',
  'ambiguous-phase',
  'mixture',
  'absorber-not-in-structure',
  'duplicate',
  'merge',
  'reference-channel',
  'unreadable',
] as const;

export const excludedEntrySchema = z
  .object({
    spectrum: spectrumRefSchema,
    element: z.string().nullable(),
    edge: z.string().nullable(),
    label: z.string().nullable(),
    category: z.enum(EXCLUSION_CATEGORIES),
    reason: z.string().min(1),
  })
  .strict();
export type ExcludedEntry = z.infer<typeof excludedEntrySchema>;

export const excludedSchema = z
  .object({
    version: z.literal(1),
    builtBy: z.string(),
    /** Measured spectra left out, with the reason. */
    spectra: z.array(excludedEntrySchema),
    /** Files in experimental/ that are not measured μ(E) spectra (theory, χ(k), structures, metadata). */
    notSpectra: z.array(z.object({ path: z.string(), reason: z.string() }).strict()),
  })
  .strict();
export type Excluded = z.infer<typeof excludedSchema>;

/** The frozen dev/test split (split.ts). */
export const splitSchema = z
  .object({
    version: z.number().int().positive(),
    seed: z.number().int(),
    procedure: z.string(),
    /** Compound keys of each half, sorted. */
    dev: z.array(z.string()),
    test: z.array(z.string()),
    /** sha256 of the sorted test keys joined by "\n". */
    testSha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type Split = z.infer<typeof splitSchema>;
