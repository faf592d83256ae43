import { catalog } from '@framecast/contracts';

export default {
  rest: {
    defaultLimit: catalog.pageSize,
    maxLimit: catalog.maxPageSize,
    withCount: true,
  },
};
