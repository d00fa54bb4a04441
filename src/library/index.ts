/**
 * @module library
 * The shipped candidate libraries: per absorber, the structures screening ranks when the user
 * gives none (descriptors, predictions, G2, chemistry, source and licence; no structure files).
 */
export { LIBRARY_FILES, LIBRARY_FORMAT_VERSION, libraryEntrySchema, libraryMetaSchema, type LibraryEntry, type LibraryMeta } from './format.ts';
export { fromHalf, packHalf, toHalf, unpackHalf } from './half.ts';
export { LIBRARIES_DIR, libraryHint, librarySummaries, listLibraries, readLibrary, type Library, type LibrarySummary } from './read.ts';
