export { campaignWorkflow } from './campaign.workflow';
export { dispatcherWorkflow } from './dispatcher.workflow';
