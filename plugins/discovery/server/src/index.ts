import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import destroy from './destroy';
import policies from './policies';
import register from './register';
import routes from './routes';
import services from './services';

// what other plugins may call is declared in @framecast/contracts (DiscoveryServicesApi); the full types are here
export type { DiscoveryConfig } from './config';
export type { DiscoveryServices } from './utils';
export type { DocumentsService } from './services/documents';
export type { EngineService } from './services/engine';
export type { IndexerService, ReindexReport } from './services/indexer';
export type { MetricsService } from './services/metrics';
export type { RecommendationsService } from './services/recommendations';
export type { RelatedService } from './services/related';
export type { SearchService } from './services/search';
export type { SignalsService } from './services/signals';
export type { ViewsService } from './services/views';
export type { DiscoveryServicesApi, ViewerSignalSource, ViewerSignals } from '@framecast/contracts';

export default {
  register,
  bootstrap,
  destroy,
  config,
  controllers,
  routes,
  services,
  contentTypes,
  policies,
};
