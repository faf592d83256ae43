import invitations from './invitations';

export default { invitations };
