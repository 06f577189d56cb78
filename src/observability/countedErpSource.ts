import type { ErpSource } from '../connectors/erp/ErpSource';
import { erpRowsReadTotal } from './metrics';

/** The same connector, with every product a page brings counted in `ppm_erp_rows_read_total{source_id,kind}`. */
export function countedErpSource(source: ErpSource, sourceId: number, kind: string): ErpSource {
  const labels = { source_id: String(sourceId), kind };
  const fetchPage: ErpSource['fetchPage'] = async (...args) => {
    const page = await source.fetchPage(...args);
    erpRowsReadTotal.inc(labels, page.products.length);
    return page;
  };
  return new Proxy(source, {
    get(target, prop, receiver) {
      if (prop === 'fetchPage') return fetchPage;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
