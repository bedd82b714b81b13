/** The synthetic portfolio generator: `lifeline generate`, tests, benchmarks and the demo use this API. */
export { metricsCsvColumns, metricsCsvHeader, metricToCsvLine } from './csv';
export {
  DEFAULT_AS_OF,
  DEFAULT_FEATURES,
  type GeneratorFeatures,
  type GeneratorInput,
  type GeneratorOptions,
  GeneratorOptionsError,
  PLANTED_CAUSES,
  type PlantedCause,
  resolveGeneratorOptions,
} from './options';
export { type GeneratedTenant, generatePortfolio, type Portfolio, type TruthRecord } from './portfolio';
export { type MetricsFormat, type WritePortfolioOptions, type WriteSummary, writePortfolio } from './writer';
