/**
 * The on-disk format of a candidate library: `models/library/<El>/library.json.gz` (metadata and one
 * entry per structure, schema-checked with zod; a plain `library.json` is read too) beside
 * gzip-compressed little-endian float blocks: `predictions.f32.gz` or `.f16.gz` (per entry the
 * multiplicity-averaged μ then σ on the predictor's grid, from the model named in `predictions`),
 * `g2.f32.gz` (per entry the multiplicity-averaged wACSF G2 of its absorber sites, with the
 * parameters named in `g2`) and, when stored, `descriptors.f16.gz` (the forward model's structural
 * descriptor of every absorber site, entry by entry, site by site, in half precision: relative error
 * ≤ 5·10⁻⁴; needed only to rank with another forward model than the one the predictions are from).
 * No structure file is copied: a library holds what screening needs and where each entry came from.
 */
import { z } from 'zod';

/** Bumped when the layout changes; a reader refuses another version with the rebuild command. */
export const LIBRARY_FORMAT_VERSION = 2;

const chemistrySite = z.object({
  index: z.number().int().nonnegative(),
  multiplicity: z.number().positive(),
  oxidationState: z.number().nullable(),
  bvs: z.number().nullable(),
  coordinationNumber: z.number(),
  oxidationLabel: z.string(),
  coordinationLabel: z.string(),
});

/** One candidate structure of a library. */
export const libraryEntrySchema = z.object({
  /** Stable id: the database id where there is one (`mp-1692`, `amcsd-0000143`, `cod-9008674`), else the file stem. */
  id: z.string().min(1),
  formula: z.string().min(1),
  /** Mineral or material name (`hematite`, `Cu2O`); the formula when no name is known. */
  name: z.string().min(1),
  /** Where the structure came from. */
  source: z.object({
    database: z.string().min(1),
    /** The id inside that database (`mp-1692`, `0000143`). */
    databaseId: z.string().nullable(),
    /** The file it was read from, relative to the data folder or the repository. */
    file: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  licence: z.string().min(1),
  /** Sorted element symbols. */
  elements: z.array(z.string()).min(1),
  /** Inequivalent absorber sites; their descriptors follow each other in `descriptors.f16.gz` (when stored). */
  sites: z.array(z.object({ index: z.number().int().nonnegative(), multiplicity: z.number().positive(), label: z.string().optional() })).min(1),
  chemistry: z
    .object({ version: z.number().int(), summary: z.string(), meanBvs: z.number().nullable(), ligands: z.array(z.string()), sites: z.array(chemistrySite) })
    .nullable(),
  warnings: z.array(z.string()),
});
export type LibraryEntry = z.infer<typeof libraryEntrySchema>;

/** `library.json` (or, as built today, `library.json.gz`: the Cu one is 3 MB as text). */
export const libraryMetaSchema = z.object({
  format: z.literal(LIBRARY_FORMAT_VERSION),
  absorber: z.string().regex(/^[A-Z][a-z]?$/),
  built: z.string(),
  /** The command that rebuilds it. */
  command: z.string(),
  /** Code and runtime that built it. */
  provenance: z.record(z.string(), z.string()),
  /**
   * Structural descriptor: its parameters (as in the forward manifest) and length per site.
   * `stored: false`: no `descriptors.f16.gz` (a library with stored predictions does not need them
   * for the predictor it was built with; another forward model needs the library rebuilt).
   */
  descriptor: z.object({ params: z.record(z.string(), z.unknown()), length: z.number().int().positive(), stored: z.boolean().optional() }),
  /**
   * Spectra stored per entry (null: none stored). `spectra` 'forward' (the default): the forward
   * predictor `predictorId`'s predictions on its own grid, valid for that predictor only. 'feff':
   * the project's own FEFF10 spectra of each entry (σ 0) on the edge-relative grid `grid`; the
   * library is then ranked with those spectra (screen/library-predictor.ts), whatever forward model
   * is shipped, and `feff` says how they were computed.
   */
  predictions: z
    .object({
      predictorId: z.string(),
      model: z.object({ id: z.string(), version: z.string() }),
      gridLength: z.number().int().positive(),
      spectra: z.enum(['forward', 'feff']).optional(),
      /** 'f16': stored in half precision as `predictions.f16.gz` (relative error ≤ 5·10⁻⁴, half the size); absent: float32 `predictions.f32.gz`. */
      precision: z.enum(['f32', 'f16']).optional(),
      grid: z.object({ startEv: z.number(), stepEv: z.number().positive() }).optional(),
      feff: z.object({ records: z.array(z.string()), preset: z.string(), cardsSha256: z.string(), offsetEv: z.number(), sites: z.number().int().nonnegative() }).optional(),
    })
    .nullable(),
  /** G2 stored per entry: the wACSF parameters and the cache key screening's RDF vote uses. */
  g2: z.object({ key: z.string(), n: z.number().int().positive() }).nullable(),
  /** Licences and attributions of the sources, by database. */
  sources: z.record(z.string(), z.object({ licence: z.string(), attribution: z.string(), count: z.number().int().nonnegative() })),
  /** Files looked at but left out, with the reason (unreadable, no absorber site FEFF or the model can take…). */
  leftOut: z.array(z.object({ file: z.string(), reason: z.string() })),
  entries: z.array(libraryEntrySchema),
});
export type LibraryMeta = z.infer<typeof libraryMetaSchema>;

/** File names inside a library folder. */
export const LIBRARY_FILES = Object.freeze({ meta: 'library.json', metaGz: 'library.json.gz', descriptors: 'descriptors.f16.gz', predictions: 'predictions.f32.gz', predictionsHalf: 'predictions.f16.gz', g2: 'g2.f32.gz' });
