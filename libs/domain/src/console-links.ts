/**
 * Where a person opens a thing in the web console (apps/web's routes, served at the API's root):
 * the links of mails, inbox items and calendar events lead to the page, not to the API's JSON.
 * `publicUrl` is config.publicUrl (no trailing slash).
 */
export const consoleLinks = {
  /** The campaign's page (its notice first; the tabs are a click away). */
  campaign: (publicUrl: string, campaignId: string) => `${publicUrl}/campaigns/${encodeURIComponent(campaignId)}`,
  /** 我的待办. */
  todo: (publicUrl: string) => `${publicUrl}/todo`,
  /** 消息. */
  inbox: (publicUrl: string) => `${publicUrl}/inbox`,
};
