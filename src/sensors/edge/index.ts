/** The edge gateway's pure core: anonymisation at the source and local payload conversion. */
export { RotatingSalt, findPersonalField } from './anonymise.ts';
export { anonymiseLocal, EDGE_WIFI_SCHEMA, EdgeWifiObservation, type Transformed } from './local-payload.ts';
