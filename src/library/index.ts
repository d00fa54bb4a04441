/**
 * @module library
 * The shipped candidate libraries: per absorber, the structures screening ranks when the user
 * gives none (descriptors, predictions, G2, chemistry, source and licence; no structure files).
 */
export { LIBRARY_FILES, LIBRARY_FORMAT_VERSION, libraryEntrySchema, libraryMetaSchema, type LibraryEntry, type LibraryMeta } from './format.ts';
export { LIBRARIES_DIR, listLibraries, readLibrary, type Library } from './read.ts';
