/**
 * The Subiekt GT tables the simulator mirrors, with their real column names and SQL Server types
 * (from ../shared/reference/subiekt-gt.md, itself from the EF scaffold of a real GT database). Only a subset of
 * each table's columns is present; every column here exists in the real schema. Format: "name type [NULL]".
 */
export interface TableDef {
  name: string;
  columns: string[];
  primaryKey: string[];
  indexes?: string[][];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const SUBIEKT_TABLES: TableDef[] = [
  {
    name: 'sl_GrupaTw',
    columns: ['grt_Id int', 'grt_Nazwa varchar(50)', 'grt_NrAnalityka varchar(3) NULL'],
    primaryKey: ['grt_Id'],
  },
  {
    name: 'sl_StawkaVAT',
    columns: ['vat_Id int', 'vat_Nazwa varchar(50)', 'vat_Stawka money', 'vat_Symbol varchar(20)', 'vat_CzySystemowa bit', 'vat_CzyWidoczna bit', 'vat_Pozycja int', 'vat_Rodzaj int'],
    primaryKey: ['vat_Id'],
  },
  {
    name: 'sl_Magazyn',
    columns: ['mag_Id int', 'mag_Symbol varchar(3)', 'mag_Nazwa varchar(50)', 'mag_Status int', 'mag_Opis varchar(255) NULL', 'mag_Glowny bit', 'mag_POS bit'],
    primaryKey: ['mag_Id'],
  },
  {
    name: 'tw__Towar',
    columns: [
      'tw_Id int',
      'tw_Zablokowany bit',
      'tw_Rodzaj int',
      'tw_Symbol varchar(20)',
      'tw_Nazwa varchar(50)',
      'tw_Opis varchar(255)',
      'tw_IdVatSp int NULL',
      'tw_IdVatZak int NULL',
      'tw_JakPrzySp bit',
      'tw_JednMiary varchar(10)',
      'tw_PKWiU varchar(20)',
      'tw_SWW varchar(20)',
      'tw_IdPodstDostawca int NULL',
      'tw_DostSymbol varchar(20)',
      'tw_CzasDostawy int NULL',
      'tw_UrzNazwa varchar(50)',
      'tw_PodstKodKresk varchar(20)',
      'tw_CenaOtwarta bit',
      'tw_StanMin money NULL',
      'tw_IdGrupa int NULL',
      'tw_WWW varchar(255)',
      'tw_SklepInternet bit',
      ...range(1, 8).map((i) => `tw_Pole${i} varchar(50)`),
      'tw_Uwagi varchar(255)',
      'tw_Usuniety bit',
      'tw_Objetosc money NULL',
      'tw_Masa money NULL',
      'tw_MasaNetto money NULL',
      'tw_Charakter text NULL',
      'tw_JednMiaryZak varchar(10)',
      'tw_JednMiarySprz varchar(10)',
      'tw_KodTowaru varchar(20) NULL',
      'tw_IdProducenta int NULL',
      'tw_Wysokosc money NULL',
      'tw_Szerokosc money NULL',
      'tw_Glebokosc money NULL',
      'tw_KodUProducenta varchar(255) NULL',
      'tw_DataZmianyVatSprzedazy datetime NULL',
    ],
    primaryKey: ['tw_Id'],
  },
  {
    name: 'tw_Cena',
    columns: [
      'tc_Id int',
      'tc_IdTowar int',
      ...range(0, 10).flatMap((i) => [`tc_CenaNetto${i} money NULL`, `tc_CenaBrutto${i} money NULL`, `tc_IdWaluta${i} char(3)`]),
      ...range(1, 10).flatMap((i) => [`tc_Zysk${i} money NULL`, `tc_Narzut${i} money NULL`, `tc_Marza${i} money NULL`]),
      'tc_WalutaId char(3) NULL',
      'tc_PodstawaKC int NULL',
      'tc_DataKursuWaluty datetime NULL',
    ],
    primaryKey: ['tc_Id'],
    indexes: [['tc_IdTowar']],
  },
  {
    name: 'tw_Stan',
    columns: ['st_TowId int', 'st_MagId int', 'st_Stan money', 'st_StanMin money', 'st_StanRez money', 'st_StanMax money'],
    primaryKey: ['st_TowId', 'st_MagId'],
  },
  {
    name: 'tw_KodKreskowy',
    columns: ['kk_Id int', 'kk_IdTowar int', 'kk_Kod varchar(20)', 'kk_Ilosc money NULL'],
    primaryKey: ['kk_Id'],
    indexes: [['kk_IdTowar']],
  },
  {
    name: 'sl_CechaTw',
    columns: ['ctw_Id int', 'ctw_Nazwa varchar(50)'],
    primaryKey: ['ctw_Id'],
  },
  {
    name: 'tw_CechaTw',
    columns: ['cht_Id int', 'cht_IdTowar int', 'cht_IdCecha int'],
    primaryKey: ['cht_Id'],
    indexes: [['cht_IdTowar']],
  },
  {
    name: 'tw_Parametr',
    columns: [
      ...range(1, 10).map((i) => `twp_NazwaCeny${i} varchar(50)`),
      ...range(1, 10).map((i) => `twp_WalutaCeny${i} char(3)`),
      ...range(1, 8).map((i) => `twp_Nazwa${i} varchar(20)`),
      'twp_StawkaVAT int NULL',
      'twp_JednMiary varchar(10)',
      'twp_ArchiwizujCeny bit',
      'twp_UstawiajZdjecia bit',
    ],
    primaryKey: [],
  },
  {
    name: 'tw_ZdjecieTw',
    columns: ['zd_Id int', 'zd_IdTowar int', 'zd_Zdjecie image NULL', 'zd_Glowne bit', 'zd_CRC int NULL'],
    primaryKey: ['zd_Id'],
    indexes: [['zd_IdTowar']],
  },
];
