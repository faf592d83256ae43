import { catalog } from '@framecast/config';

export default {
  rest: {
    defaultLimit: catalog.pageSize,
    maxLimit: catalog.maxPageSize,
    withCount: true,
  },
};
