/**
 * Every statement the Subiekt GT connector sends. All are SELECTs with bound parameters; none is built from
 * values. Money is read with CONVERT(varchar, x, 2), which keeps all 4 decimals exactly (plain CAST keeps 2, and a
 * JS number could lose the last digit).
 */

const levels = Array.from({ length: 11 }, (_, i) => i);
/** Chooses the configured price level with a parameter instead of dynamic column names. */
const byLevel = (prefix: string): string => `CASE @level ${levels.map((i) => `WHEN ${i} THEN c.${prefix}${i}`).join(' ')} END`;

export const PRODUCT_PAGE_SQL = `
SELECT TOP (@pageSize)
       t.tw_Id, t.tw_Symbol, t.tw_Nazwa, t.tw_Opis, t.tw_Rodzaj,
       t.tw_Zablokowany, t.tw_Usuniety, t.tw_SklepInternet,
       t.tw_JednMiary, t.tw_PodstKodKresk,
       t.tw_IdGrupa, g.grt_Nazwa, v.vat_Symbol,
       CONVERT(varchar(30), v.vat_Stawka, 2) AS vat_Stawka,
       CONVERT(varchar(30), t.tw_Masa, 2) AS tw_Masa,
       CONVERT(varchar(30), ${byLevel('tc_CenaNetto')}, 2) AS cena_Netto,
       CONVERT(varchar(30), ${byLevel('tc_CenaBrutto')}, 2) AS cena_Brutto,
       ${byLevel('tc_IdWaluta')} AS cena_Waluta,
       CAST(t.tw_Charakter AS varchar(max)) AS tw_Charakter
FROM dbo.tw__Towar AS t
LEFT JOIN dbo.tw_Cena AS c ON c.tc_IdTowar = t.tw_Id
LEFT JOIN dbo.sl_GrupaTw AS g ON g.grt_Id = t.tw_IdGrupa
LEFT JOIN dbo.sl_StawkaVAT AS v ON v.vat_Id = t.tw_IdVatSp
WHERE t.tw_Id > @afterId
  AND (@onlyWebShop = 0 OR t.tw_SklepInternet = 1)
  AND (@featureId IS NULL OR EXISTS (SELECT 1 FROM dbo.tw_CechaTw AS ch WHERE ch.cht_IdTowar = t.tw_Id AND ch.cht_IdCecha = @featureId))
ORDER BY t.tw_Id`;

/** Available stock per product over the configured warehouses (@mag0..@magN). */
export function stockSql(warehouseCount: number): string {
  const mags = Array.from({ length: warehouseCount }, (_, i) => `@mag${i}`).join(', ');
  return `
SELECT s.st_TowId, CONVERT(varchar(30), SUM(s.st_Stan - s.st_StanRez), 2) AS dostepne
FROM dbo.tw_Stan AS s
WHERE s.st_TowId BETWEEN @fromId AND @toId AND s.st_MagId IN (${mags})
GROUP BY s.st_TowId`;
}

export const BARCODES_SQL = `
SELECT kk.kk_IdTowar, kk.kk_Kod
FROM dbo.tw_KodKreskowy AS kk
WHERE kk.kk_IdTowar BETWEEN @fromId AND @toId
ORDER BY kk.kk_IdTowar, kk.kk_Id`;

export const PICTURES_SQL = `
SELECT zd.zd_Id, zd.zd_IdTowar, zd.zd_Glowne, zd.zd_CRC, DATALENGTH(zd.zd_Zdjecie) AS zd_Rozmiar
FROM dbo.tw_ZdjecieTw AS zd
WHERE zd.zd_IdTowar BETWEEN @fromId AND @toId
ORDER BY zd.zd_IdTowar, zd.zd_Glowne DESC, zd.zd_Id`;

export const PICTURE_BYTES_SQL = `
SELECT CAST(zd.zd_Zdjecie AS varbinary(max)) AS zd_Dane
FROM dbo.tw_ZdjecieTw AS zd
WHERE zd.zd_Id = @zdId AND zd.zd_IdTowar = @twId`;

/** The bytes of up to `count` pictures by id (@zd0..@zdN); the caller checks each one's product. */
export function pictureBytesBatchSql(count: number): string {
  const ids = Array.from({ length: count }, (_, i) => `@zd${i}`).join(', ');
  return `
SELECT zd.zd_Id, zd.zd_IdTowar, CAST(zd.zd_Zdjecie AS varbinary(max)) AS zd_Dane
FROM dbo.tw_ZdjecieTw AS zd
WHERE zd.zd_Id IN (${ids})`;
}

export const FEATURE_BY_NAME_SQL = `SELECT f.ctw_Id FROM dbo.sl_CechaTw AS f WHERE f.ctw_Nazwa = @name`;

export const SERVER_INFO_SQL = `
SELECT @@VERSION AS version, DB_NAME() AS databaseName,
       (SELECT COUNT(*) FROM dbo.tw__Towar AS t WHERE t.tw_Usuniety = 0) AS products,
       (SELECT COUNT(*) FROM dbo.sl_GrupaTw AS g) AS productGroups`;

export const PRICE_LEVEL_NAMES_SQL = `SELECT ${Array.from({ length: 10 }, (_, i) => `p.twp_NazwaCeny${i + 1}`).join(', ')} FROM dbo.tw_Parametr AS p`;

export const WAREHOUSES_SQL = `SELECT m.mag_Id, m.mag_Symbol, m.mag_Nazwa FROM dbo.sl_Magazyn AS m ORDER BY m.mag_Id`;

/** GT names columns <tableAbbrev>_<Name>; this maps a column prefix back to its table for error messages. */
export const TABLE_BY_COLUMN_PREFIX: Record<string, string> = {
  tw: 'tw__Towar',
  tc: 'tw_Cena',
  st: 'tw_Stan',
  grt: 'sl_GrupaTw',
  vat: 'sl_StawkaVAT',
  kk: 'tw_KodKreskowy',
  cht: 'tw_CechaTw',
  ctw: 'sl_CechaTw',
  zd: 'tw_ZdjecieTw',
  twp: 'tw_Parametr',
  mag: 'sl_Magazyn',
};
