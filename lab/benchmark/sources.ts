/**
 * @module lab/benchmark/sources
 * Which measured spectrum of the shared data is which compound, and why every other one is left
 * out: an ordered list of rules over every candidate the inventory finds (inventory.ts: each file
 * under experimental/, each Athena group, each row of the maml-rfxas CSV). The first rule that
 * matches a candidate decides: a catalogue entry (compound key of compounds.ts, with what the
 * header does not say: beamline, detection mode, temperature, notes), an exclusion with its reason,
 * or "not a measured spectrum". build.ts fails when a candidate matches no rule, so a file added to
 * the shared data is never silently dropped or silently included.
 *
 * What the headers say (beamline, detector, temperature) is read by build.ts; the rules give it only
 * where the header is silent and another document says it (Demeter's standards.ini, the ALS file
 * names, the XAS Data Library sample names), and say where.
 */
import type { DetectionMode } from './schema.ts';
import type { EXCLUSION_CATEGORIES } from './schema.ts';

export type ExclusionCategory = (typeof EXCLUSION_CATEGORIES)[number];

/** What a rule matches: the path (relative to the shared data folder), and an Athena group label or CSV row id. */
export interface Match {
  path: string | RegExp;
  group?: string | RegExp;
  row?: string | RegExp;
}

/** Metadata a rule supplies when the file does not (each with its evidence in `notes`). */
export interface EntryOverrides {
  element?: string;
  beamline?: string;
  mode?: DetectionMode;
  /** Temperature text when the header has none, e.g. '10 K' or 'room temperature'. */
  temperature?: string;
  notes?: string[];
}

export type Rule =
  | ({ when: Match; compound: string } & EntryOverrides)
  | { when: Match; exclude: ExclusionCategory; reason: string }
  | { when: Match; notSpectrum: string };

const X = (p: string): string => `experimental/${p}`;
const XAS = (p: string): string => X(`xaslib/${p}`);
const ALS = (f: string): string => X(`als-fe-references/${f}`);
const LARCH = (f: string): string => X(`larch/xafsdata/${f}`);
const PRJ = (f: string): string => X(`larch/xafsdata/AthenaProjectFiles/${f}`);
const PYF = (f: string): string => X(`pyfitit/Pyfitit Feature List/data/${f}`);
const DEM = (f: string): string => X(`demeter-standards/data/${f}`);
const re = (s: string): RegExp => new RegExp(s);
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Exact path match as a regex (for paths with regex characters). */
const exact = (p: string): RegExp => new RegExp(`^${esc(p)}$`);

const inc = (path: string | RegExp, compound: string, o: EntryOverrides = {}, group?: string | RegExp): Rule => ({ when: { path, ...(group !== undefined ? { group } : {}) }, compound, ...o });
const exc = (path: string | RegExp, exclude: ExclusionCategory, reason: string, group?: string | RegExp): Rule => ({ when: { path, ...(group !== undefined ? { group } : {}) }, exclude, reason });
const not = (path: string | RegExp, reason: string): Rule => ({ when: { path }, notSpectrum: reason });

// Reasons used more than once.
const NO_STRUCT = 'no structure file of this phase in the shared data, and none written in data/structures (reference phases are written only where published coordinates could be read and checked)';
const NO_STRUCT_GLASS = 'glass / melt: no crystal structure';
const REF_CHANNEL = 'reference channel recorded with a sample (the reference material is not named in the file)';
const STANDARDS_INI = 'beamline from Demeter standards.ini';

/** Demeter standards.ini gives beamline and detector for the standards' Athena projects. */
const APS10ID = 'APS 10-ID';
const VATHENA = 'V standard of a 2016 microprobe session (source path T:\\xas_user\\2016.2\\Lanzirotti); beamline and mode not stated in the project';

/** The rules, first match wins. */
export const RULES: readonly Rule[] = Object.freeze([
  // ══ not measured μ(E) spectra ═══════════════════════════════════════════════════════════════
  not(X('manifest.csv'), 'the shared data manifest'),
  not(re('^experimental/demeter-standards/[^/]+\\.ini$'), 'Demeter standards catalogue (metadata for Athena projects)'),
  not(re('^experimental/lightshow-anatase-theory/'), 'simulated anatase spectra (theory)'),
  not(re('^experimental/larch/fdmnes-zno/ZnO_FDMNES'), 'FDMNES simulation of ZnO (theory)'),
  not(re('^experimental/larch/xafsdata/beamlines/FDMNES_'), 'FDMNES simulation of Mo2C (theory)'),
  not(re('\\.chik?$'), 'χ(k) data, not μ(E)'),
  not(LARCH('cu_chi.dat'), 'χ(k) data, not μ(E)'),
  not(re('^experimental/pyfitit/EXAFS/xyz/'), 'structure (xyz cluster), used as a structure file'),
  not(re('^experimental/pyfitit/FeSiO4 descriptors/'), 'pyFitIt descriptor example (structures and parameters)'),
  not(re('^experimental/pyfitit/Pyfitit Feature List/data/(fdmnes_fdm_5|sampleDescriptors)/'), 'pyFitIt FDMNES input/output and descriptor tables (theory, metadata)'),
  not(X('pyfitit/PCA/PtH.dat'), 'a 31-column PCA example series (Pt L3) with no sample names'),
  not(re('^experimental/maml-rfxas/(data/|tests/)'), 'maml label tables and a FEFF-calculated Fe spectrum (theory)'),

  // ══ XAS Data Library (xaslib) ═══════════════════════════════════════════════════════════════
  // As
  exc(re('^experimental/xaslib/As/as2o3_'), 'ambiguous-phase', 'As2O3 polymorph not stated (arsenolite, the usual reagent, or claudetite); no arsenolite structure in the shared data (claudetite AMCSD 0000053 is the other polymorph)'),
  exc(re('^experimental/xaslib/As/as2o5_'), 'no-structure', NO_STRUCT),
  exc(re('^experimental/xaslib/As/as2s3_'), 'no-structure', `orpiment As2S3: ${NO_STRUCT}`),
  inc(re('^experimental/xaslib/As/ass_'), 'realgar'),
  inc(XAS('As/gaas_roomt_01.xdi'), 'gaas'),
  exc(re('^experimental/xaslib/Au/'), 'no-structure', `gold foil (L edges): ${NO_STRUCT}`),
  // Cd
  inc(re('^experimental/xaslib/Cd/CdO_'), 'cdo'),
  inc(re('^experimental/xaslib/Cd/CdS_'), 'greenockite', { notes: ['the header names the sample greenockite'] }),
  inc(XAS('Ce/CeO2.xdi'), 'cerianite'),
  exc(XAS('Ce/CePO4.xdi'), 'no-structure', `CePO4 (monazite or rhabdophane, not stated): ${NO_STRUCT}`),
  inc(XAS('Co/co_metal_rt.xdi'), 'co-metal'),
  // Cr
  inc(re('^experimental/xaslib/Cr/cr2o3_'), 'cr2o3'),
  exc(re('^experimental/xaslib/Cr/(cr2s3|cro2|k2cr2o7|k2cro4|na2cro4)_'), 'no-structure', NO_STRUCT),
  // Cu
  exc(XAS('Cu/Cu2S_13K_01.xdi'), 'no-structure', `Cu2S (low chalcocite, monoclinic with 48 Cu sites, or digenite-like): ${NO_STRUCT}`),
  inc(XAS('Cu/CuO_tenorite_13K_01.xdi'), 'tenorite'),
  inc(XAS('Cu/CuS_covellite_13K_01.xdi'), 'covellite'),
  inc(re('^experimental/xaslib/Cu/(Cu_Foil_rt_2016Foils|cu_metal_10K|cu_metal_rt)\\.xdi$'), 'cu-metal'),
  inc(XAS('Cu/Cu_azurite_13K_01.xdi'), 'azurite'),
  exc(re('^experimental/xaslib/Eu/'), 'no-structure', `Eu L3 (EuO, Eu2O3, EuSe, EuTiO3): ${NO_STRUCT}`),
  // Fe
  inc(XAS('Fe/Fe2O3_rt_01.xdi'), 'hematite'),
  exc(XAS('Fe/Fe3C_rt_01.xdi'), 'no-structure', `cementite Fe3C: ${NO_STRUCT}`),
  inc(re('^experimental/xaslib/Fe/(Fe3O4_rt_01|Hansel2001_magnetite_xanes_00[12])\\.xdi$'), 'magnetite'),
  exc(XAS('Fe/FeN_rt_01.xdi'), 'ambiguous-phase', 'iron nitride "FeN": phase not stated (FeN, Fe2N, Fe3N or Fe4N), no structure'),
  inc(XAS('Fe/FeO_rt_01.xdi'), 'wustite'),
  inc(XAS('Fe/FeS2_rt_01.xdi'), 'pyrite', { notes: ['FeS2 taken as pyrite (the common form; the file says only FeS2)'] }),
  inc(re('^experimental/xaslib/Fe/(Fe_Foil_rt_2016Foils|Fe_metal_rt_0[123]|Hansel2001_Fe_foil_xanes_001)\\.xdi$'), 'fe-metal'),
  exc(XAS('Fe/Hansel2001_2lineFerrihydrite_xanes_001.xdi'), 'not-crystalline', '2-line ferrihydrite: poorly crystalline, no structure'),
  exc(re('^experimental/xaslib/Fe/Hansel2001_goethite_xanes_00[34]\\.xd'), 'no-structure', `goethite α-FeOOH: ${NO_STRUCT}`),
  exc(re('^experimental/xaslib/Fe/Hansel2001_greenrust_'), 'no-structure', 'green rust (layered Fe(II)/Fe(III) hydroxide, mixed valence): no structure'),
  inc(re('^experimental/xaslib/Fe/Hansel2001_siderite_xanes_00[12]\\.xdi$'), 'siderite'),
  exc(XAS('Fe/Hansel2001_vivianite_xanes_001.xdi'), 'no-structure', `vivianite Fe3(PO4)2·8H2O: ${NO_STRUCT}`),
  // Mn
  exc(re('^experimental/xaslib/Mn/(Mn2O3|Mn3O4)_'), 'no-structure', `bixbyite Mn2O3 / hausmannite Mn3O4: ${NO_STRUCT}`),
  inc(re('^experimental/xaslib/Mn/MnO2_'), 'pyrolusite', { notes: ['the header names the sample pyrolusite'] }),
  inc(re('^experimental/xaslib/Mn/MnO_'), 'mno'),
  // Ni
  exc(re('^experimental/xaslib/Ni/Ni2O3_'), 'ambiguous-phase', '"Ni2O3" is not a well-defined crystalline phase (commercial material is NiO/NiOOH-like)'),
  exc(re('^experimental/xaslib/Ni/NiOH2_'), 'no-structure', 'β-Ni(OH)2: the only entry read (Wyckoff 1963, idealised z(O) = 0.25) gives Ni–O 2.14 Å and a bond-valence sum of 1.63, failing the check, so no reference phase was written'),
  exc(re('^experimental/xaslib/Ni/NiS_'), 'ambiguous-phase', 'NiS polymorph not stated (millerite or NiAs-type), no structure'),
  inc(re('^experimental/xaslib/Ni/Ni_metal_'), 'ni-metal'),
  exc(re('^experimental/xaslib/(Pb|Pt)/'), 'no-structure', `metal foils measured at L edges: ${NO_STRUCT}`),
  // S K edge
  inc(re('^experimental/xaslib/S/(CaSO4_rt_01|gypsum2_rt_01)\\.xdi$'), 'gypsum', { notes: ['the header names the sample "calcium sulfate, gypsum" (formula given as CaSO4)'] }),
  inc(re('^experimental/xaslib/S/gypsum_rt_0[1-6]\\.xdi$'), 'gypsum'),
  exc(re('^experimental/xaslib/S/CaS_'), 'no-structure', `oldhamite CaS: ${NO_STRUCT}`),
  inc(XAS('S/CdS_rt_01.xdi'), 'greenockite', { notes: ['CdS polymorph not stated; greenockite (the common hexagonal form) assumed'] }),
  inc(XAS('S/CoAsS_rt_01.xdi'), 'cobaltite'),
  exc(re('^experimental/xaslib/S/(CoSO4|FeSO4_7H2O|Na2SO3|NiSO4|ferric_sulfate)_'), 'no-structure', `hydrated sulfates and sulfites: ${NO_STRUCT}`),
  exc(re('^experimental/xaslib/S/MgS_'), 'no-structure', `niningerite MgS: ${NO_STRUCT}`),
  exc(XAS('S/S_ScotchTape_rt_01.xdi'), 'unknown-phase', 'adhesive tape (background reference), not a phase'),
  exc(XAS('S/S_elemental_rt_01.xdi'), 'no-structure', `elemental sulfur (α-S8): ${NO_STRUCT}`),
  exc(XAS('S/iron_sulfide_rt_01.xxdi'), 'unknown-phase', 'the header says "iron sulfide, unknown" (FexSx)'),
  inc(XAS('S/jarosite_rt_01.xdi'), 'jarosite'),
  inc(XAS('S/marcasite_rt_01.xdi'), 'marcasite'),
  inc(XAS('S/pentlandite_rt_01.xdi'), 'pentlandite'),
  inc(re('^experimental/xaslib/S/pyrite[123]_rt_01\\.xdi$'), 'pyrite', { notes: ['pyrite1/2/3 are three samples of pyrite'] }),
  inc(XAS('S/pyrrhotite_rt_01.xdi'), 'pyrrhotite'),
  // Se
  inc(re('^experimental/xaslib/Se/Se_CuSe_'), 'klockmannite'),
  inc(re('^experimental/xaslib/Se/Se_HgSe_'), 'tiemannite'),
  inc(re('^experimental/xaslib/Se/Se_ZnSe_'), 'znse'),
  exc(re('^experimental/xaslib/Se/Se_(CoSe|Cu2Se|NiSe|Na2SeO3|Na2SeO4|Se0)_'), 'no-structure', NO_STRUCT),
  // Sr
  inc(re('^experimental/xaslib/Sr/SrO_'), 'sro'),
  inc(re('^experimental/xaslib/Sr/SrSO4_'), 'celestine'),
  exc(re('^experimental/xaslib/Sr/(SrCO3|SrTiO3|SrZrSi2O7|Sr_slawsonite)_'), 'no-structure', NO_STRUCT),
  // V
  inc(XAS('V/V2O3.xdi'), 'v2o3'),
  inc(XAS('V/V2O5.xdi'), 'v2o5'),
  inc(XAS('V/VO.xdi'), 'vo'),
  inc(XAS('V/VO2.xdi'), 'vo2', { notes: ['room-temperature VO2 is the monoclinic M1 phase (metal–insulator transition at 340 K)'] }),
  inc(XAS('V/V_foil.xdi'), 'v-metal'),
  exc(re('^experimental/xaslib/W/'), 'no-structure', `tungsten compounds (L3 edge): ${NO_STRUCT}`),
  // Zn
  exc(re('^experimental/xaslib/Zn/Chorover13BM_(ZnC2O4|ZnSO4|Zn_hopeite)_'), 'no-structure', `zinc oxalate, zinc sulfate (hydration not stated) and hopeite: ${NO_STRUCT}`),
  inc(re('^experimental/xaslib/Zn/Chorover13BM_ZnS_aldrich_'), 'sphalerite', { notes: ['reagent ZnS (Aldrich); the zincblende form is assumed'] }),
  inc(re('^experimental/xaslib/Zn/Chorover13BM_Zn_smithsonite_'), 'smithsonite'),
  inc(re('^experimental/xaslib/Zn/Chorover13BM_Zn_sphalerite_'), 'sphalerite'),
  inc(re('^experimental/xaslib/Zn/(Chorover13BM_Znfoil_rt_01|Zn_foil)\\.xdi$'), 'zn-metal'),
  inc(XAS('Zn/ZnO.xdi'), 'zno'),
  inc(XAS('Zn/zn_znse_rt.xdi'), 'znse'),
  inc(XAS('uploadtest.xdi'), 'wustite', { notes: ['an upload test file of the XAS Data Library; its header names the sample FeO (APS 20-BM)'] }),

  // ══ ALS 10.3.2 Fe references ════════════════════════════════════════════════════════════════
  inc(ALS('Aegirine FeXANES powder avg.e'), 'aegirine', { notes: ['the header says transmission data were used to correct fluorescence over-absorption'] }),
  inc(ALS('Almandine_Waychunas FeXANES.e'), 'almandine'),
  inc(ALS('Cubanite FeXANES powder avg.e'), 'cubanite'),
  inc(ALS('Ferrosilite FeXANES powder avg.e'), 'ferrosilite', { notes: ['the header formula is Fe2+MgSi2O6 (≈ Fs50, an intermediate orthopyroxene); the structure is the FeSiO3 end member'] }),
  inc(ALS('Fo0_NHM FeXANES.e'), 'fayalite'),
  inc(ALS('Hedenbergite FeXANES powder avg.e'), 'hedenbergite'),
  inc(ALS('Hematite FeXANES.e'), 'hematite'),
  inc(ALS('Hercynite_Waychunas FeXANES.e'), 'hercynite'),
  inc(ALS('Lepidocrocite_Borch FeEXAFS overabs.e'), 'lepidocrocite', { notes: ['fluorescence data corrected for over-absorption (the file name and header say so)'] }),
  inc(re('^experimental/als-fe-references/Siderite FeXANES ITFA[02]\\.e$'), 'siderite', { notes: ['an ITFA (iterative target factor analysis) component extracted from the measured series, not a raw scan'] }),
  inc(ALS('ilmenite FeXANES generic.e'), 'ilmenite'),
  inc(ALS('magnetite syn FeEXAFS TEY001.e'), 'magnetite', { mode: 'TEY', beamline: 'ALS 10.3.2', temperature: 'unknown', notes: ['the file has no header; total electron yield from the file name (TEY), beamline from the library it belongs to; TEY probes the surface'] }),
  exc(re('^experimental/als-fe-references/(Al1[89][0-9] Fe0[0-9][0-9]|Fe182 Al018)\\.e$'), 'unknown-phase', 'no header: only the file name gives a composition ((Al,Fe) ratio); phase not stated'),
  exc(ALS('Akaganeite_Chan FeXANES.e'), 'no-structure', `akaganéite β-FeOOH(Cl): ${NO_STRUCT}`),
  exc(ALS('Andradite FeXANES.e'), 'no-structure', `andradite Ca3Fe2Si3O12: ${NO_STRUCT}`),
  exc(re('^experimental/als-fe-references/Augite'), 'absorber-not-in-structure', 'augite: Fe is a minority occupant of the mixed M sites in the shared augite structures (AMCSD 0000001, COD 1000035), and the CIF reader keeps the majority species, so the structures read hold no Fe'),
  exc(re('^experimental/als-fe-references/Fo(40|80)_NHM'), 'absorber-not-in-structure', 'olivine Fo40/Fo80: the shared intermediate olivine structures (AMCSD 0000171, 0000172, 0000174) read with Mg on the mixed M sites (the reader keeps the majority species), so they hold no Fe'),
  exc(ALS('Chromite_Nico FeXANES.e'), 'no-structure', `chromite FeCr2O4: ${NO_STRUCT}`),
  exc(ALS('Esseneite FeXANES powder avg.e'), 'no-structure', `esseneite CaFeAlSiO6: ${NO_STRUCT}`),
  exc(re('^experimental/als-fe-references/(Goethite FeXANES|Goethite_Oli_DG_Jul06)\\.e$'), 'no-structure', `goethite α-FeOOH: ${NO_STRUCT}`),
  exc(ALS('Maghemite nano powder FeXANES overabs.e'), 'no-structure', 'maghemite γ-Fe2O3 (vacancy-disordered spinel, nano powder): no structure'),
  exc(ALS('Perovskite_Waychunas FeXANES.e'), 'absorber-not-in-structure', 'Fe is a minor substituent in CaTiO3 perovskite: no Fe-bearing structure'),
  exc(re('^experimental/als-fe-references/(Hypersthene|Pigeonite composite|Richterite|Roedderite|Gehlenite) FeXANES powder avg\\.e$'), 'no-structure', `silicate solid solutions: ${NO_STRUCT}`),
  exc(re('^experimental/als-fe-references/(Hornblende_Borch_notcalib FeEXAFS|Biotite_ETH_oa|Biotite_Ontario_oa|Biotite_UCB FeXANES)\\.e$'), 'no-structure', 'amphibole / mica of unknown Fe2+/Fe3+ and site composition: no structure'),
  exc(re('^experimental/als-fe-references/(Chlorite|Illite|Kaolinite|Montmorillionite|Na-Montmorillionite|NAU-[12]|Nontronite|Smectite|Ferrosmectite)'), 'no-structure', 'clay mineral (variable, disordered layer structure): no structure'),
  exc(re('^experimental/als-fe-references/(AT11 Glass|NKT-1G Basalt Glass)'), 'not-crystalline', NO_STRUCT_GLASS),
  exc(re('^experimental/als-fe-references/(Ferrihydrite|HFO|Febiogenic|Toner biogenic|feroxyhite|coalingite)'), 'not-crystalline', 'ferrihydrite, hydrous ferric oxide, biogenic oxide, feroxyhyte or coalingite: poorly crystalline or no structure'),
  exc(re('^experimental/als-fe-references/GR(CO3|Cl|SO4)_'), 'no-structure', 'green rust (layered Fe(II)/Fe(III) hydroxide, mixed valence): no structure'),

  // ══ larch xafsdata: single files ════════════════════════════════════════════════════════════
  exc(LARCH('EMG003.txt'), 'not-crystalline', 'phonolite melt at 1630 °C'),
  inc(LARCH('cu.xmu'), 'cu-metal', { beamline: 'NSLS X11A', mode: 'transmission', temperature: '10 K', notes: ['the header says "Cu foil at 10K", NSLS X-11A, 1992 (uwxafs distribution)'] }),
  inc(re('^experimental/larch/xafsdata/cu_(10k|50k|150k)\\.xmu$'), 'cu-metal', { beamline: 'NSLS X11A', mode: 'transmission', notes: ['Cu foil, NSLS X-11A, 1992 (header: "NSLS X11-A")'] }),
  inc(re('^experimental/larch/xafsdata/(cu_metal_rt\\.xdi|cu_rt01\\.xmu)$'), 'cu-metal'),
  exc(LARCH('cu_romanglass.xdi'), 'not-crystalline', NO_STRUCT_GLASS),
  inc(LARCH('fe.060'), 'fe-metal', { beamline: 'NSLS (beamline not stated)', mode: 'transmission', temperature: 'unknown', notes: ['the header says "Iron foil, I0: 50%N2, It:N2"; the file name suggests 60 K but the file does not say'] }),
  inc(LARCH('fe2o3_rt1.xmu'), 'hematite', { mode: 'transmission' }),
  exc(LARCH('fe3c_rt.xdi'), 'no-structure', `cementite Fe3C: ${NO_STRUCT}`),
  exc(LARCH('fe_xanes_8ch.xdi'), 'unknown-phase', 'sample not named (NSLS-II 4-BM, an 8-channel detector example)'),
  inc(LARCH('feo_exafs_pnccat2001.dat'), 'wustite', { beamline: 'APS 20-BM', mode: 'transmission', temperature: 'room temperature', notes: ['the header says "FeO 4 layers on tape"; μ from I0/I1 ion chambers'] }),
  inc(LARCH('feo_rt1.xdi'), 'wustite'),
  inc(LARCH('feo_xafs.dat'), 'wustite', { beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['the header says only "data from ifeffit"; the file name gives FeO'] }),
  exc(re('^experimental/larch/xafsdata/fexafs/'), 'unknown-phase', 'sample not named (APS 13-ID-E microprobe series)'),
  exc(LARCH('mn_cpmnco3.dat'), 'no-structure', 'molecular CpMn(CO)3: no structure file'),
  inc(LARCH('ni_metal_rt.xdi'), 'ni-metal'),
  exc(LARCH('pt_metal_rt.xdi'), 'no-structure', `Pt foil (L3): ${NO_STRUCT}`),
  exc(LARCH('scorodite_as_xafs.001'), 'no-structure', `scorodite FeAsO4·2H2O: ${NO_STRUCT}`),
  exc(LARCH('se_na2so4_rt.xdi'), 'no-structure', `Na2SeO4: ${NO_STRUCT}`),
  inc(LARCH('sno2_l3.dat'), 'cassiterite', { element: 'Sn', beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['no header: SnO2 and the L3 edge from the file name'] }),
  inc(LARCH('v_foil.xdi'), 'v-metal'),
  exc(re('^experimental/larch/xafsdata/(znse_zn_xafs\\.001|beamlines/APS13ID_2008\\.dat)$'), 'unreadable', 'ZnSe (Zn K), a raw Epics scan whose columns are unlabelled counters (p1, p2, d1, d2): src/io cannot tell which is μ(E); the same sample is catalogued from xaslib/Zn/zn_znse_rt.xdi'),
  inc(LARCH('beamlines/APS20BM_2001.dat'), 'wustite', { beamline: 'APS 20-BM', mode: 'transmission', temperature: 'room temperature', notes: ['the header says "FeO 4 layers on tape"'] }),
  exc(LARCH('beamlines/APS10BM_2019.dat'), 'ambiguous-phase', 'the header says "MnO2 5B kapton tape": MnO2 polymorph not stated'),
  exc(LARCH('beamlines/ESRF_SNBL_2013.dat'), 'ambiguous-phase', 'GeO2 (from the source file name): polymorph (quartz- or rutile-type) not stated'),
  exc(LARCH('beamlines/NSLS6BM_2019.dat'), 'no-structure', `Ca0.25V2O5: ${NO_STRUCT}`),
  exc(LARCH('beamlines/NSLS_XDAC_2011.dat'), 'no-structure', 'KCo hexacyanoferrate / KNi hexacyanochromate trilayer film: no structure'),
  exc(re('^experimental/larch/xafsdata/beamlines/(APS9BM_2006|PFBL12C_2005|SSRL1_2006)\\.dat$'), 'solution', 'biological / solution samples (glutathione, Hg–cysteine, Ag–cysteine)'),
  exc(LARCH('beamlines/CLSHXMA.dat'), 'unreadable', 'holds no data rows'),
  exc(re('^experimental/larch/xafsdata/beamlines/'), 'unknown-phase', 'beamline file-format example: the sample is not named'),
  exc(re('^experimental/larch/xanes/Vglasses\\.prj$'), 'not-crystalline', NO_STRUCT_GLASS),
  inc(PRJ('Vathena.prj'), 'v-metal', { notes: [VATHENA] }, 'V_XANES_VFoil.002'),
  inc(PRJ('Vathena.prj'), 'v2o3', { notes: [VATHENA] }, 'V_XANES_V2O3_standard.001'),
  inc(PRJ('Vathena.prj'), 'v2o5', { notes: [VATHENA] }, /^V_XANES_V2O5_standard\.00[12]$/),
  inc(PRJ('Vathena.prj'), 'vo2', { notes: [VATHENA, 'room-temperature VO2 is the monoclinic M1 phase'] }, 'V_XANES_VO2_standard.001'),
  exc(PRJ('Vathena.prj'), 'merge', 'merge of spot scans of a glass', /^merge /),
  exc(PRJ('Vathena.prj'), 'not-crystalline', 'V in volcanic glasses, andesite/pantellerite melt inclusions and olivine grains (V a trace element): no structure'),
  inc(X('larch/fdmnes-zno/ZnO_SSHADE.data.txt'), 'zno', { beamline: 'unknown', mode: 'HERFD', temperature: '10 K', notes: ['the SSHADE/FAME dataset does not name the beamline', 'the header says "Zn K edge XAS HERFD of ZnO Zn oxide wurtzite at 10K", pellet with BN (Thomas & Mishra 2018, doi:10.26302/SSHADE/EXPERIMENT_ST_20180418_001)'] }),

  // ══ larch / Demeter Athena projects (per group) ═════════════════════════════════════════════
  // fe_athena.prj: copies of the larch xafsdata files (duplicates are found by build.ts).
  inc(LARCH('fe_athena.prj'), 'hematite', { mode: 'transmission' }, 'fe2o3_rt1.xmu'),
  exc(LARCH('fe_athena.prj'), 'no-structure', `cementite Fe3C: ${NO_STRUCT}`, 'fe3c_rt.xdi'),
  inc(LARCH('fe_athena.prj'), 'wustite', { mode: 'transmission' }, 'feo_rt1.xmu'),
  // Ag
  inc(PRJ('Ag.prj'), 'chlorargyrite', { beamline: 'APS 20-BM', notes: [STANDARDS_INI, 'a merge of scans (Athena)'] }, 'Ag chloride'),
  exc(PRJ('Ag.prj'), 'reference-channel', REF_CHANNEL, /^\s*Ref /),
  exc(PRJ('Ag.prj'), 'no-structure', `silver foil and salts: ${NO_STRUCT}`),
  inc(PRJ('AgL3_CAMD.prj'), 'chlorargyrite', { beamline: 'CAMD', notes: ['beamline from Demeter Ag_CAMD_L3.ini'] }, 'Ag Chloride'),
  exc(PRJ('AgL3_CAMD.prj'), 'no-structure', `silver compounds (L3): ${NO_STRUCT}`),
  exc(PRJ('AgAu_merged.prj'), 'no-structure', 'Ag–Au alloys and foil: no structure'),
  // As
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/AsKa(_standards)?\\.prj$'), 'arsenopyrite', {}, 'Arsenopyrite.001'),
  inc(PRJ('AsScorodite.prj'), 'arsenopyrite', { notes: ['"as_feass" = arsenopyrite FeAsS (the group label)'] }, 'as_feass_xafs.001'),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(As|AsKa|AsKa_standards|AsScorodite|AsXAFS_a|As_XAFS_fulldataset2|athena_As_FullDataset)\\.prj$'), 'no-structure', `As standards (elemental As, kankite, scorodite, löllingite, As2O5, arsenite/arsenate salts and solutions) and environmental samples: ${NO_STRUCT}`),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Au|Aunano|cyanobacteria)\\.prj$'), 'no-structure', `gold foil, gold compounds and biological samples: ${NO_STRUCT}`),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Br|bromoadamantane)\\.prj$'), 'no-structure', 'molecular bromine compounds: no structure'),
  // Cd
  inc(PRJ('Cd.prj'), 'cd-metal', { beamline: 'APS 10-ID', notes: [STANDARDS_INI] }, 'Cd foil'),
  inc(PRJ('Cd.prj'), 'otavite', { beamline: 'APS 10-ID', notes: [STANDARDS_INI, 'a merge of 3 scans'] }, 'CdCO3'),
  inc(PRJ('Cd.prj'), 'greenockite', { beamline: 'APS 10-ID', notes: [STANDARDS_INI, 'a merge of 7 scans', 'CdS polymorph not stated; greenockite (the common hexagonal form) assumed'] }, 'CdS'),
  exc(PRJ('Cd.prj'), 'reference-channel', REF_CHANNEL, /^\s*Ref /),
  exc(PRJ('Cd.prj'), 'no-structure', `Cd(OH)2, CdSO4, Cd nitrate: ${NO_STRUCT}`),
  // Ce
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Ce|athena3)\\.prj$'), 'cerianite', { beamline: 'NSLS X23A2', mode: 'transmission', notes: ['beamline and mode from Demeter standards.ini ("pressed in BN for transmission")', 'a merge of 6 scans'] }, 'CeO2'),
  // Cl
  inc(PRJ('Cl_CAMD.prj'), 'sylvite', { beamline: 'CAMD', notes: ['beamline from Demeter Cl_CAMD.ini'] }, /^KCl\s*$/),
  inc(PRJ('Cl_CAMD.prj'), 'halite', { beamline: 'CAMD', notes: ['beamline from Demeter Cl_CAMD.ini'] }, 'NaCl'),
  exc(PRJ('Cl_CAMD.prj'), 'no-structure', `CoCl2, PdCl2, PbCl2, chloropyromorphite: ${NO_STRUCT}`),
  // Cu
  inc(PRJ('Copper.prj'), 'cu-metal', { mode: 'transmission', notes: ['Cu metal example of the feff85exafs tests (ln(I0/It) in the project)'] }, 'cu.012'),
  inc(PRJ('CuHERFD_samples.prj'), 'covellite', { mode: 'HERFD', notes: ['HERFD from the group labels'] }, 'CuHERFD_CuS_001'),
  inc(PRJ('CuHERFD_samples.prj'), 'cu2o', { mode: 'HERFD', notes: ['HERFD from the group labels; "Cu_I_O" = Cu(I) oxide'] }, 'CuHERFD_Cu_I_O_001'),
  exc(PRJ('CuHERFD_samples.prj'), 'no-structure', `chalcopyrite CuFeS2: ${NO_STRUCT}`, 'CuHERFD_Chalcopyrite_001'),
  exc(PRJ('CuHERFD_samples.prj'), 'merge', 'merge of spot scans of a natural sample', / merge/),
  exc(PRJ('CuHERFD_samples.prj'), 'unknown-phase', 'natural / environmental sample spots (phase not stated)'),
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/cu(_ex)?\\.prj$'), 'cu-metal', { beamline: 'NSLS X11A', mode: 'transmission', temperature: '10 K', notes: ['Cu foil of the uwxafs/horae examples (NSLS X-11A, 1992); temperature from the group label and titles'] }, /^cu0?10k\.dat$/),
  inc(PRJ('cu.prj'), 'cu-metal', { beamline: 'NSLS X11A', mode: 'transmission', temperature: '50 K', notes: ['Cu foil (NSLS X-11A, 1992); temperature from the group label and titles'] }, 'cu050k.dat'),
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/cu(_ex)?\\.prj$'), 'cu-metal', { beamline: 'NSLS X11A', mode: 'transmission', temperature: '150 K', notes: ['Cu foil (NSLS X-11A, 1992); temperature from the group label and titles'] }, 'cu150k.dat'),
  inc(PRJ('athena4.prj'), 'cu-metal', {}, /^(cufoil\.001|CuXAFS_cufoil\.001)$/),
  inc(PRJ('athena4.prj'), 'tenorite', {}, 'cu_tenorite.001'),
  inc(PRJ('athena4.prj'), 'cu2o', {}, /^(cu_cuprite\.001|CuXAFS_cuprite\.001)$/),
  inc(PRJ('athena4.prj'), 'azurite', {}, 'cu_azurite.001'),
  inc(PRJ('athena4.prj'), 'covellite', { notes: ['"cus" = CuS (the group label)'] }, 'cus_cu_xafs.001'),
  inc(PRJ('athena4.prj'), 'cuso4-5h2o', {}, 'cusulfate_cu_xafs.001'),
  exc(PRJ('athena4.prj'), 'no-structure', `Cu2S: ${NO_STRUCT}`, 'cu2s_cu_xafs.001'),
  exc(PRJ('athena4.prj'), 'no-structure', `CuCl2 hydrate: ${NO_STRUCT}`, 'cucl2_5h2o_cu_xafs.001'),
  exc(PRJ('athena4.prj'), 'not-crystalline', NO_STRUCT_GLASS),
  inc(PRJ('dispersive.prj'), 'cu-metal', { notes: ['energy-dispersive XAS (the project name); a Cu foil at room temperature (the group label)'] }, 'cufoil_rt_txt'),
  exc(PRJ('dispersive.prj'), 'unknown-phase', 'dispersive-geometry calibration and CuS2 pixel series (energies in pixels or sample not named)'),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(cuybco|bal3ybco)\\.prj$'), 'no-structure', `YBa2Cu3O7 and related films: ${NO_STRUCT} (χ(k) groups are not μ(E))`),
  // Fe
  inc(PRJ('Fe-K-ALS-10.3.2.prj'), 'hercynite', { beamline: 'ALS 10.3.2', mode: 'fluorescence', temperature: '28 C', notes: ['beamline, detector and temperature from Demeter Fe-K-ALS-10.3.2.ini'] }, 'Hercynite'),
  inc(PRJ('Fe-K-ALS-10.3.2.prj'), 'troilite', { beamline: 'ALS 10.3.2', mode: 'fluorescence', temperature: '28 C', notes: ['beamline, detector and temperature from Demeter Fe-K-ALS-10.3.2.ini'] }, 'Troilite'),
  inc(PRJ('Fe-K-ALS-10.3.2.prj'), 'pyrrhotite', { beamline: 'ALS 10.3.2', mode: 'fluorescence', temperature: '28 C', notes: ['beamline, detector and temperature from Demeter Fe-K-ALS-10.3.2.ini; the .ini tag is Fe0.95S'] }, 'Pyrrhotite'),
  inc(PRJ('Fe-K-ALS-10.3.2.prj'), 'fayalite', { beamline: 'ALS 10.3.2', mode: 'fluorescence', temperature: '28 C', notes: ['beamline, detector and temperature from Demeter Fe-K-ALS-10.3.2.ini'] }, 'Olivine (Fo0)'),
  exc(PRJ('Fe-K-ALS-10.3.2.prj'), 'no-structure', `chromite FeCr2O4: ${NO_STRUCT}`, 'Chromite'),
  exc(PRJ('Fe-K-ALS-10.3.2.prj'), 'absorber-not-in-structure', 'pentlandite Fe K: the shared pentlandite structure reads with Ni on every (Fe,Ni) site, so it holds no Fe', 'Pentlandite'),
  exc(PRJ('Fe-K-ALS-10.3.2.prj'), 'absorber-not-in-structure', 'olivine Fo40/Fo80: the shared intermediate olivine structures read with Mg on the mixed M sites, so they hold no Fe', /Olivine \(Fo[48]0\)/),
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Fe|FeDem)\\.prj$'), 'fe-metal', { beamline: 'NSLS X11A', notes: [STANDARDS_INI] }, 'Fe foil'),
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Fe|FeDem)\\.prj$'), 'hematite', { beamline: APS10ID, notes: [STANDARDS_INI, 'powder on kapton tape; a merge of scans'] }, 'Hematite'),
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Fe|FeDem)\\.prj$'), 'lepidocrocite', { beamline: APS10ID, notes: [STANDARDS_INI, 'powder on kapton tape; a merge of scans'] }, 'Lepidocrocite'),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Fe|FeDem)\\.prj$'), 'no-structure', `goethite α-FeOOH ("Goerthite"): ${NO_STRUCT}`, 'Goerthite'),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Fe|FeDem)\\.prj$'), 'not-crystalline', 'ferrihydrite: poorly crystalline, no structure', 'Ferrihydrite'),
  inc(PRJ('FeFoil_QXAFS_Compare.prj'), 'fe-metal', { notes: ['Fe foil, step scan and quick-XAFS scans compared (the group labels)'] }),
  inc(PRJ('FeO.prj'), 'wustite', { beamline: 'APS 20-BM', mode: 'transmission', notes: ['the group titles say "FeO 4 layers on tape" (the PNC-CAT 2001 file)'] }, 'FeO'),
  inc(PRJ('FeS2.prj'), 'pyrite', { beamline: 'APS 13-BM', mode: 'transmission', temperature: 'room temperature', notes: ['the group titles say "FeS2 powder Room Temperature … GSECARS 13BM", I0 and I1 ion chambers'] }),
  inc(PRJ('FeS2_ex.prj'), 'pyrite', { notes: ['FeS2 taken as pyrite (the common form)'] }),
  exc(PRJ('FeXAFS_Glasses.prj'), 'not-crystalline', NO_STRUCT_GLASS),
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/athena_MN\\.prj$'), 'fe-metal', {}, 'fe_foil.003'),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(athena1|athena_MN)\\.prj$'), 'not-crystalline', 'melt inclusions, host glasses and fitted peak groups: no crystal structure'),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(align_merge|danger)\\.prj$'), 'no-structure', 'Fe/Ga alloy of unstated composition: no structure'),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(ESRF_Athena0920|ESRF_Athena0926)\\.prj$'), 'unknown-phase', '"endmember_FeO6 / FeCl4" components of a series: not a named phase'),
  exc(PRJ('fbo.prj'), 'unknown-phase', 'Fe site in a Ba aluminate host (a fuzzy-site fitting example): phase not stated'),
  exc(PRJ('json_unzipped.prj'), 'unknown-phase', '"Debby\'s sample": not named'),
  exc(PRJ('stacked_plot.prj'), 'unknown-phase', 'a plotting demo: the three groups share the columns of one file and their labels contradict their element (sample and temperature not stated)'),
  // Ge, Hg
  inc(PRJ('Ge.prj'), 'ge-crystal', { beamline: 'NSLS X19A', notes: [STANDARDS_INI] }, 'Crystalline Ge'),
  exc(PRJ('Ge.prj'), 'not-crystalline', 'amorphous Ge', 'Amorphous Ge'),
  inc(PRJ('Hg.prj'), 'cinnabar', { beamline: 'APS 20-BM', notes: [STANDARDS_INI, 'a merge of scans'] }, 'HgS red'),
  exc(PRJ('Hg.prj'), 'no-structure', `HgO and black HgS (metacinnabar): ${NO_STRUCT}`),
  exc(PRJ('HgDNA_data.prj'), 'solution', 'Hg bound to DNA'),
  exc(PRJ('LaCoO3.prj'), 'no-structure', `LaCoO3 films (La L3): ${NO_STRUCT}`),
  // Mn
  inc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(Mn|MnO_bv)\\.prj$'), 'mno', { beamline: APS10ID, notes: [STANDARDS_INI] }, /^(MnO|mno\.xmu)$/),
  inc(PRJ('Mn.prj'), 'rhodochrosite', { beamline: APS10ID, notes: [STANDARDS_INI, 'a merge of scans'] }, 'Rhodochrosite'),
  inc(PRJ('Mn.prj'), 'pyrolusite', { beamline: APS10ID, notes: [STANDARDS_INI, 'a merge of scans'] }, 'Pyrolusite'),
  exc(PRJ('Mn.prj'), 'solution', 'MnCl2 solution (Demeter standards.ini)', 'MnCl2'),
  exc(PRJ('Mn.prj'), 'ambiguous-phase', 'MnOx / Mn2O3x: phase not stated', /^(MnOx|Mn2O3x)$/),
  exc(PRJ('Mn.prj'), 'no-structure', `Mn foil (α-Mn), Li2MnO3, Mn oxalate, γ-MnOOH, psilomelane, ramsdellite, todorokite, hausmannite: ${NO_STRUCT}`),
  inc(PRJ('Mn_all.prj'), 'mno', { mode: 'transmission', notes: ['XAFS school data (transmission folder); "bad" = sedimented, inhomogeneous sample (see the merges\' names)'] }, /^MnO_bad\.10[01]$/),
  inc(PRJ('Mn_all.prj'), 'mno', { mode: 'transmission', notes: ['XAFS school data (transmission folder); "good" = ground sample (see the merges\' names)'] }, /^MnO_good\.10[01]$/),
  inc(PRJ('Mn_all.prj'), 'mno', { mode: 'fluorescence', notes: ['XAFS school data (Vortex fluorescence detector folder); sedimented, inhomogeneous sample'] }, 'MnO sedimented fuorescence'),
  inc(PRJ('Mn_all.prj'), 'mno', { mode: 'fluorescence', notes: ['XAFS school data (Vortex fluorescence detector folder); ground sample'] }, 'MnO ground fluorescence'),
  exc(PRJ('Mn_all.prj'), 'merge', 'merge of two scans that are catalogued individually', /^(MnO sedimented|MnO ground|KMnO4)$/),
  exc(PRJ('Mn_all.prj'), 'no-structure', `KMnO4: ${NO_STRUCT}`),
  exc(PRJ('MoO3-tutorial.prj'), 'no-structure', `MoO3: ${NO_STRUCT}`),
  // Ni
  exc(PRJ('NiO.prj'), 'reference-channel', REF_CHANNEL, /^\s*Ref /),
  exc(PRJ('NiO.prj'), 'merge', 'merge of the NiO.002–.010 scans, which are catalogued individually', 'NiO'),
  inc(PRJ('NiO.prj'), 'nio', { beamline: 'NSLS X23A2', notes: ['beamline from the Athena record (x23a2) and the source path (NIST/X23A2)'] }, /^NiO\.0\d\d$/),
  exc(PRJ('Ni_FeNiS20_RT.prj'), 'unknown-phase', '"FeNiS" sample in a furnace: phase not stated'),
  exc(PRJ('P_CAMD.prj'), 'no-structure', `phosphates, solutions and plant samples: ${NO_STRUCT}`),
  // Pb
  inc(PRJ('PbL3_CAMD.prj'), 'galena', { beamline: 'CAMD', notes: ['beamline from Demeter Pb_CAMD_L3.ini'] }, 'Pb sulfide'),
  inc(PRJ('PbL3_CAMD.prj'), 'anglesite', { beamline: 'CAMD', notes: ['beamline from Demeter Pb_CAMD_L3.ini'] }, 'Pb sulfate'),
  exc(PRJ('PbL3_CAMD.prj'), 'unreadable', 'energies start at 0 eV (src/io refuses the group)', 'Pb(IV)acetate'),
  exc(PRJ('PbL3_CAMD.prj'), 'no-structure', `lead compounds and solutions (L3): ${NO_STRUCT}`),
  exc(PRJ('PtData.prj'), 'no-structure', 'supported Pt catalysts: no structure'),
  // S
  inc(PRJ('S_CAMD.prj'), 'vysotskite', { beamline: 'CAMD', notes: ['beamline from Demeter S_CAMD.ini'] }, 'PdS (ox. 2-)'),
  inc(PRJ('S_CAMD.prj'), 'sphalerite', { beamline: 'CAMD', notes: ['beamline from Demeter S_CAMD.ini', 'reagent ZnS; the zincblende form is assumed (the label\'s "ox. 1-" is the provider\'s)'] }, 'ZnS  (ox. 1-)'),
  inc(PRJ('S_CAMD.prj'), 'galena', { beamline: 'CAMD', notes: ['beamline from Demeter S_CAMD.ini'] }, 'PbS (2-?)'),
  inc(PRJ('S_CAMD.prj'), 'anglesite', { beamline: 'CAMD', notes: ['beamline from Demeter S_CAMD.ini'] }, 'Pb SO4 (6+)'),
  inc(PRJ('S_CAMD.prj'), 'gypsum', { beamline: 'CAMD', notes: ['beamline from Demeter S_CAMD.ini', 'a merge of scans'] }, 'CaSO4 Gypsum pure (6+)'),
  exc(PRJ('S_CAMD.prj'), 'no-structure', `CaS, Ag2S, sulfur flower, organosulfur compounds, ZnSO3, ZnSO4, FeSO4·7H2O: ${NO_STRUCT}`),
  inc(PRJ('Se_Standards.prj'), 'klockmannite', { beamline: 'APS 13-BM-D', notes: ['a merge of 6 scans, possibly including the two xaslib scans of the same sample'] }, 'Se CuSe (merge6)'),
  inc(PRJ('Se_Standards.prj'), 'tiemannite', { beamline: 'APS 13-BM-D', notes: ['a merge of 6 scans, possibly including the two xaslib scans of the same sample'] }, 'Se HgSe (merge6)'),
  inc(PRJ('Se_Standards.prj'), 'znse', { beamline: 'APS 13-BM-D', notes: ['a merge of 6 scans, possibly including the two xaslib scans of the same sample'] }, 'Se ZnSe (merge6)'),
  exc(PRJ('Se_Standards.prj'), 'no-structure', `CoSe, Cu2Se, NiSe, Se0, Na2SeO3, Na2SeO4: ${NO_STRUCT}`),
  // Sn and the rest
  inc(PRJ('Sn.prj'), 'cassiterite', { beamline: 'APS 10-ID', notes: [STANDARDS_INI, 'a merge of 7 scans'] }, 'SnO2'),
  exc(PRJ('Sn.prj'), 'reference-channel', REF_CHANNEL, /^\s*Ref /),
  exc(PRJ('Sn.prj'), 'no-structure', `Sn foil (β-Sn) and SnCl2: ${NO_STRUCT}`),
  exc(re('^experimental/larch/xafsdata/AthenaProjectFiles/(U|Xe|abc|diff|diff_ex|methyltin|pbaq|per-Bruce|sf6|sulfate|yb_iron|zn_solution|Eu_standards_athena)\\.prj$'), 'no-structure', 'gases, solutions, alloys, organometallics, lanthanide L edges, U: no structure'),
  exc(PRJ('eutio3.prj'), 'no-structure', `EuTiO3 (Ti K, Eu L3): ${NO_STRUCT}`),
  exc(PRJ('tipb.prj'), 'no-structure', `PbTiO3 (Ti K at 300–600 K): ${NO_STRUCT}`),
  exc(PRJ('zirconolite.prj'), 'no-structure', `zirconolite CaZrTi2O7 and difference spectra: ${NO_STRUCT}`),

  // athena2.prj (XAFS school 2014)
  inc(PRJ('athena2.prj'), 'mno', {}, 'mno.001'),
  inc(PRJ('athena2.prj'), 'rhodochrosite', {}, 'mnco3.002'),
  inc(PRJ('athena2.prj'), 'wustite', {}, 'fe_xafs_feo.006'),
  inc(PRJ('athena2.prj'), 'hematite', {}, /^fe_xafs_fe2o3\.0(06|10)$/),
  exc(PRJ('athena2.prj'), 'ambiguous-phase', 'MnO2 polymorph not stated', 'mno2_thin_sample.001'),
  exc(PRJ('athena2.prj'), 'no-structure', `Mn2O3, "mn2s" (unclear), FeN, FeSO4: ${NO_STRUCT}`),

  // ══ Demeter standards data (.stan) ══════════════════════════════════════════════════════════
  inc(DEM('cr.stan'), 'cr-metal', { beamline: 'NSLS X23A2', notes: [STANDARDS_INI] }),
  inc(DEM('fe.stan'), 'fe-metal', { beamline: 'NSLS X11A', notes: [STANDARDS_INI] }),
  inc(DEM('v.stan'), 'v-metal', { beamline: 'NSLS X23A2', notes: [STANDARDS_INI] }),
  inc(DEM('v2o5.stan'), 'v2o5', { beamline: 'NSLS X23A2', notes: [STANDARDS_INI, 'V2O5 on kapton tape'] }),
  exc(re('^experimental/demeter-standards/data/(co|cu|zn|hematite|lepidocrocite)\\.stan$'), 'unreadable', 'raw beamline file whose columns are unlabelled or generic counters (i0/i, mcs3–6, a mislabelled header row): src/io cannot tell which column is μ(E); Co, Cu, Zn foils, hematite and lepidocrocite are catalogued from other files'),
  exc(DEM('goethite.stan'), 'no-structure', `goethite α-FeOOH: ${NO_STRUCT}`),
  exc(DEM('mn.stan'), 'no-structure', `Mn foil (α-Mn, 58 atoms per cell): ${NO_STRUCT}`),
  exc(re('^experimental/demeter-standards/data/(ag|au|mo|nb|pt|rh|u4|u6|zr)\\.stan$'), 'no-structure', `foils and uranium compounds of other elements: ${NO_STRUCT}`),

  // ══ pyFitIt ═════════════════════════════════════════════════════════════════════════════════
  inc(PYF('Mn/002_MnO.dat'), 'mno', { beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['pyFitIt example data (decimal commas); no acquisition metadata'] }),
  exc(PYF('Mn/001_Mn_metal.dat'), 'no-structure', `Mn metal (α-Mn): ${NO_STRUCT}`),
  exc(PYF('Mn/003_Mn2O3.dat'), 'no-structure', `Mn2O3: ${NO_STRUCT}`),
  exc(PYF('Mn/004_MnO2.dat'), 'ambiguous-phase', 'MnO2 polymorph not stated'),
  exc(PYF('Mn/005_Mn_mixture.dat'), 'mixture', 'a mixture of Mn oxides'),
  inc(re('^experimental/pyfitit/Pyfitit Feature List/data/(TiCl4THF2\\.txt|sampleConstruction/spectra/(LC49_)?TiCl4THF2\\.nor)$'), 'ticl4-thf2', { beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['pyFitIt example data (Athena-normalised); no acquisition metadata'] }),
  inc(re('^experimental/pyfitit/Pyfitit Feature List/data/sampleConstruction/spectra/(LC54_)?Ti2Cl8EB2\\.nor$'), 'ti2cl8-eb2', { beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['pyFitIt example data (Athena-normalised); no acquisition metadata'] }),
  inc(exact(PYF('sampleConstruction/spectra/bTiCl3.nor')), 'ticl3-beta', { beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['pyFitIt example data (Athena-normalised); no acquisition metadata'] }),
  exc(exact(PYF('sampleConstruction/spectra/aTiCl3.nor')), 'no-structure', `α-TiCl3: ${NO_STRUCT}`),
  exc(re('^experimental/pyfitit/Pyfitit Feature List/data/sampleConstruction/spectra/'), 'no-structure', 'Ti molecular complexes and catalysts without a structure file'),
  exc(re('^experimental/pyfitit/Pyfitit Feature List/data/LC(39|42)\\.nor$'), 'unknown-phase', 'sample not named'),

]);

/**
 * maml-rfxas rows: the 30 processed spectra of experiment.csv. Rows from the XAS Data Library are
 * re-interpolated copies of xaslib spectra catalogued from their files; the EELS rows are not XAS;
 * the "Louis" rows are spectra found nowhere else.
 */
export const MAML_RULES: readonly Rule[] = Object.freeze([
  { when: { path: X('maml-rfxas/experiment.csv'), row: '24:mp-25620-V' }, compound: 'v2o5', beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['maml-rfxas "Louis" spectrum (V2O5_Ref_normE.txt): processed, 200 points; no acquisition metadata'] },
  { when: { path: X('maml-rfxas/experiment.csv'), row: '27:mp-18937-V' }, compound: 'v2o3', beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['maml-rfxas "Louis" spectrum (V2O3_Ref_normE.txt): processed, 200 points; no acquisition metadata'] },
  { when: { path: X('maml-rfxas/experiment.csv'), row: '28:mp-1021522-V' }, compound: 'vo2', beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['maml-rfxas "Louis" spectrum (VO2_Ref_normE.txt): processed, 200 points; no acquisition metadata', 'the CSV maps it to mp-1021522; the structure used is the M1 phase'] },
  { when: { path: X('maml-rfxas/experiment.csv'), row: '25:mp-715434-Ni' }, compound: 'nio', beamline: 'unknown', mode: 'unknown', temperature: 'unknown', notes: ['maml-rfxas "Louis" spectrum: processed, 200 points; the CSV\'s link names V2O5_Ref_normE.txt (a copy-paste slip in the source) but the energies span the Ni K edge'] },
  { when: { path: X('maml-rfxas/experiment.csv'), row: /^(23:mp-24850-Co|26:mp-25592-Ni)$/ }, exclude: 'no-structure', reason: 'LiCoO2 / LiNiO2: no structure file the project reads (the pymatgen LiCoO2 is JSON; the Materials Project ids are not present)' },
  { when: { path: X('maml-rfxas/experiment.csv'), row: /^\d+:mp-\d+-(Si|B|Al|Na)$/ }, exclude: 'no-structure', reason: 'an EELS spectrum (eelsdb.eu), not XAS; its Materials Project structure is not present' },
  { when: { path: X('maml-rfxas/experiment.csv'), row: /.*/ }, exclude: 'duplicate', reason: 'a processed copy (200 points, scaled to its maximum) of the XAS Data Library spectrum its CSV row links to; the library\'s own files of the compound are catalogued or excluded from experimental/xaslib, so the copy is not an independent measurement (test/benchmark/maml-copies.test.ts shows the VO, V2O3, VO2, FeO, CuO and ZnO rows match the xaslib files; the other rows were not matched to one scan)' },
]);

/** Every rule, in the order they are tried. */
export function allRules(): Rule[] {
  return [...RULES, ...MAML_RULES];
}
