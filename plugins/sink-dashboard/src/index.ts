import { dashboardSink } from './dashboardSink.js';

export { dashboardSink };
export { createWallboard, type Wallboard, type WallboardSnapshot } from './dashboardSink.js';
export { dashboardOptionsSchema, type DashboardOptions } from './options.js';
export { WallboardState, type TileView } from './wallboardState.js';
export type { PeriodView } from './metricsRecord.js';
export default dashboardSink;
