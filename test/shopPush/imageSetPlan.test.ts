import type { ImageLedgerRow } from '../../src/shopPush/images/imageLedger';
import { planImageSet } from '../../src/shopPush/images/imageSetPlan';

const rows = (shas: string[]): ImageLedgerRow[] => shas.map((sha256, i) => ({ sha256, remoteImageId: 100 + i, remoteProductId: 7, position: i, cover: i === 0, state: 'done' }));
const calls = (current: string[], wanted: string[]) => {
  const p = planImageSet(rows(current), wanted);
  return { deletes: p.deletes.map((d) => d.sha256), uploads: p.uploads };
};

/** The fewest deletes and uploads that reach a wanted order when the shop can only append and delete. */
describe('image set plan', () => {
  it('keeps what is in place and only touches the rest', () => {
    expect(calls(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual({ deletes: [], uploads: [] });
    expect(calls([], ['a', 'b', 'c'])).toEqual({ deletes: [], uploads: ['a', 'b', 'c'] });
    expect(calls(['a', 'b', 'c'], ['a', 'c'])).toEqual({ deletes: ['b'], uploads: [] });
    expect(calls(['a', 'b', 'c'], ['a', 'b', 'c', 'd'])).toEqual({ deletes: [], uploads: ['d'] });
    // Replacing one image: the removed one goes, the new one is appended.
    expect(calls(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual({ deletes: ['b'], uploads: ['d'] });
  });

  it('repairs an order from the first image out of place', () => {
    expect(calls(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual({ deletes: ['a', 'b'], uploads: ['a', 'b'] });
    expect(calls(['a', 'b', 'c'], ['a', 'c', 'b'])).toEqual({ deletes: ['b'], uploads: ['b'] });
    expect(calls(['a', 'b'], [])).toEqual({ deletes: ['a', 'b'], uploads: [] });
  });
});
