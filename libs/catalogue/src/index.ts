export * from './catalogue.dto.js';
export * from './catalogue.module.js';
export { CatalogueService, type ServiceItemView } from './catalogue.service.js';
export { Catalogue1767000003000 } from './migrations/1767000003000-catalogue.js';
export { RejectionAuthority1767000011000 } from './migrations/1767000011000-rejection-authority.js';
export { assertCommittedLimit } from './service-commitment.js';
export { MaterialIds1767000080400 } from './migrations/1767000080400-material-ids.js';
export type { RequiredMaterial } from './service-item.entity.js';
