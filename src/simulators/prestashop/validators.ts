/**
 * PrestaShop's `Validate::*` methods used by the simulated resources (reference §3.4). Each returns true when
 * the raw string is acceptable. Validation of empty values is skipped by the caller, as PrestaShop does.
 */
export type ValidatorName =
  | 'isReference'
  | 'isEan13'
  | 'isUpc'
  | 'isIsbn'
  | 'isMpn'
  | 'isCatalogName'
  | 'isGenericName'
  | 'isLinkRewrite'
  | 'isPrice'
  | 'isNegativePrice'
  | 'isUnsignedFloat'
  | 'isFloat'
  | 'isUnsignedInt'
  | 'isUnsignedId'
  | 'isPositiveInt'
  | 'isInt'
  | 'isBool'
  | 'isDateFormat'
  | 'isDate'
  | 'isProductVisibility'
  | 'isCleanHtml'
  | 'isString'
  | 'isLanguageIsoCode'
  | 'isLocale'
  | 'isLanguageCode';

const MAX_UINT = 4294967295;

function intRoundTrips(v: string): boolean {
  return /^-?(0|[1-9][0-9]*)$/.test(v);
}

function isDateLike(v: string): RegExpMatchArray | null {
  return v.match(/^([0-9]{4})-((?:0?[0-9])|(?:1[0-2]))-((?:0?[0-9])|(?:[1-2][0-9])|(?:3[01]))( [0-9]{2}:[0-9]{2}:[0-9]{2})?$/);
}

function checkdate(m: number, d: number, y: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const ISBN_8X = /^(?:ISBN(?:-1[03])?:? )?(?=[0-9X]{10}$|(?=(?:[0-9]+[- ]){3})[- 0-9X]{13}$|97[89][0-9]{10}$|(?=(?:[0-9]+[- ]){4})[- 0-9]{17}$)(?:97[89][- ]?)?[0-9]{1,5}[- ]?[0-9]+[- ]?[0-9]+[- ]?[0-9X]$/;

export function validate(name: ValidatorName, v: string, version: '1.7.8' | '8.2'): boolean {
  switch (name) {
    case 'isReference':
      return /^[^<>;={}]*$/u.test(v);
    case 'isEan13':
      return /^[0-9]{0,13}$/.test(v);
    case 'isUpc':
      return /^[0-9]{0,12}$/.test(v);
    case 'isIsbn':
      return version === '8.2' ? v.length <= 32 && ISBN_8X.test(v) : /^[0-9-]{0,32}$/.test(v);
    case 'isMpn':
      return [...v].length <= 40;
    case 'isCatalogName':
      return /^[^<>;=#{}]*$/u.test(v);
    case 'isGenericName':
      return /^[^<>={}]*$/u.test(v);
    case 'isLinkRewrite':
      return /^[_a-zA-Z0-9-]+$/.test(v);
    case 'isPrice':
      return /^[0-9]{1,10}(\.[0-9]{1,9})?$/.test(v);
    case 'isNegativePrice':
      return /^-?[0-9]{1,10}(\.[0-9]{1,9})?$/.test(v);
    case 'isUnsignedFloat':
      return v.trim() !== '' && !Number.isNaN(Number(v)) && Number(v) >= 0;
    case 'isFloat':
      return v.trim() !== '' && !Number.isNaN(Number(v));
    case 'isUnsignedInt':
    case 'isUnsignedId':
      return intRoundTrips(v) && Number(v) >= 0 && Number(v) <= MAX_UINT;
    case 'isPositiveInt':
      return intRoundTrips(v) && Number(v) > 0 && Number(v) <= MAX_UINT;
    case 'isInt':
      return intRoundTrips(v);
    case 'isBool':
      return v === '0' || v === '1';
    case 'isDateFormat':
      return isDateLike(v) !== null;
    case 'isDate': {
      const m = isDateLike(v);
      return m !== null && checkdate(Number(m[2]), Number(m[3]), Number(m[1]));
    }
    case 'isProductVisibility':
      return /^(both|catalog|search|none)$/i.test(v);
    case 'isCleanHtml':
      return !(/<[\s]*script/im.test(v) || /(on\w+)[\s]*=/im.test(v) || /.*script:/im.test(v) || /<[\s]*(i?frame|form|input|embed|object)/im.test(v) || v.includes('\u202e'));
    case 'isString':
      return true;
    case 'isLanguageIsoCode':
      return /^[a-zA-Z]{2,3}$/.test(v);
    case 'isLocale':
      return /^[a-z]{2}-[A-Z]{2}$/.test(v);
    case 'isLanguageCode':
      return /^[a-zA-Z]{2}(-[a-zA-Z]{2})?$/.test(v);
  }
}
