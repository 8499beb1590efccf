export { PublicReleases1767000170100 } from './migrations/1767000170100-public-releases.js';
export { RELEASE_KINDS, type ReleaseKind } from './public-release.dto.js';
export * from './transparency.module.js';
export { PublicReleasesService, type ReleaseView } from './public-releases.service.js';
