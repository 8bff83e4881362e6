/** The console's forecast views: the band chart, the outlook in words, the header status. */
export { ForecastBand } from './forecast-band.tsx';
export { ForecastBanner, ForecastStatus } from './forecast-status.tsx';
export { congestionOutlook, etaCell, forecastHealthText, outlookText, type Outlook } from './outlook.ts';
export { bandGeometry, type BandBox, type BandGeometry } from './band-geometry.ts';
