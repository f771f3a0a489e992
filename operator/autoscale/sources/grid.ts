// The Selenium Grid's GraphQL state: sessions open and asked for (session demand), and its nodes,
// which tell busy node pods from idle ones and count the slots of nodes outside the pool. Not read
// when the pool names no gridUrl.
import { GridClient, type GridState } from '../../grid/client.js';
import { defineSource } from './types.js';

export const seleniumGrid = defineSource<GridState>({
  name: 'the Grid',
  read: ({ spec }) => (spec.gridUrl ? new GridClient(spec.gridUrl).state() : Promise.resolve(null)),
  contribute: (grid) => ({ grid }),
});
