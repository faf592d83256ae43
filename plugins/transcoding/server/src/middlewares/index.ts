import protectSources from './protect-sources';
import ticketHolder from './ticket-holder';

export default { 'protect-sources': protectSources, 'ticket-holder': ticketHolder };
