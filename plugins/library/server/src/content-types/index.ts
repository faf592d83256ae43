import collectionSchema from './collection/schema.json';
import enrolmentSchema from './enrolment/schema.json';
import settingSchema from './setting/schema.json';
import watchProgressSchema from './watch-progress/schema.json';

export default {
  collection: { schema: collectionSchema },
  'watch-progress': { schema: watchProgressSchema },
  setting: { schema: settingSchema },
  enrolment: { schema: enrolmentSchema },
};
