import viewer from './viewer';

export default { viewer };
