export * from './catalogue.dto.js';
export * from './catalogue.module.js';
export { CatalogueService, type ServiceItemView } from './catalogue.service.js';
export { Catalogue1767000003000 } from './migrations/1767000003000-catalogue.js';
export { ServiceItemKind1767000090200 } from './migrations/1767000090200-service-item-kind.js';
export { SERVICE_ITEM_KINDS, type ServiceItemKind } from './service-item.entity.js';
export { RejectionAuthority1767000011000 } from './migrations/1767000011000-rejection-authority.js';
export { assertCommittedLimit } from './service-commitment.js';
