import path from 'node:path';
import type { DemoCategory } from './demoCategories';

/** One simulated shop of the demo: a different PrestaShop version and language set each. */
export interface DemoShop {
  name: string;
  version: '1.7.8' | '8.2';
  languages: string[];
  port: number;
  /** Fixed webservice key: the registered shop keeps working across demo runs (a loopback simulator only). */
  key: string;
  stateFile: string;
  /** The shop's own category tree under Home, as a merchant left it (the two shops differ). */
  categories: DemoCategory[];
}

/** The demo's two shops; their contents persist in DATA_DIR/demo so a second run sees them as it left them. */
export function demoShops(dataDir: string, ports: [number, number]): DemoShop[] {
  const dir = path.join(dataDir, 'demo');
  return [
    {
      name: 'Sklep Polska (demo)',
      version: '8.2',
      languages: ['pl', 'en'],
      port: ports[0],
      key: 'DEMOSHOPPLEN82000000000000000001',
      stateFile: path.join(dir, 'shop-pl-en.json'),
      // The catalogue goes under Home, next to the shop's own sections.
      categories: [{ names: { pl: 'Wyprzedaż', en: 'Clearance' } }, { names: { pl: 'Nowości', en: 'New arrivals' } }],
    },
    {
      name: 'Shop Deutschland (demo)',
      version: '1.7.8',
      languages: ['pl', 'de'],
      port: ports[1],
      key: 'DEMOSHOPPLDE17800000000000000002',
      stateFile: path.join(dir, 'shop-pl-de.json'),
      // The catalogue goes under the shop's own "Baumarkt" section (its rootCategoryId), not under Home.
      categories: [
        {
          names: { pl: 'Market budowlany', de: 'Baumarkt' },
          catalogueRoot: true,
          children: [{ names: { pl: 'Ogród', de: 'Garten' } }, { names: { pl: 'Promocje', de: 'Angebote' } }],
        },
        { names: { pl: 'Dom i wnętrze', de: 'Haus und Wohnen' } },
      ],
    },
  ];
}

/** PrestaShop's seeded tax rule groups (simulator defaults) by Polish VAT rate. */
export const DEMO_TAX_RULES = { '23': 1, '8': 2, '5': 3, '0': 4 };
