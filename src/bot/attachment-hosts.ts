import { AccordError } from '../errors.js';

/** Where Discord serves attachments. Only these (and the configured API's own host) are ever fetched. */
export const DISCORD_CDN_HOSTS: readonly string[] = ['cdn.discordapp.com', 'media.discordapp.net'];

/** Redirects followed, each to an allowed host: Discord's CDN does not chain redirects. */
export const MAX_ATTACHMENT_REDIRECTS = 3;

/**
 * The hosts attachments may come from: Discord's CDN over https, and the host of `DISCORD_API_URL` (with the
 * protocol it is configured with), so that a self-hosted proxy or the tests' fake Discord can serve them too.
 */
export function attachmentOrigins(apiUrl: string): readonly { readonly protocol: string; readonly host: string }[] {
  const api = new URL(apiUrl);
  return [...DISCORD_CDN_HOSTS.map((host) => ({ protocol: 'https:', host })), { protocol: api.protocol, host: api.host }];
}

/**
 * Throws an AccordError unless `url` is on one of `origins`: an attachment URL is data from the interaction, and
 * the bot must not be made to fetch from anywhere else (a server on its own network, for instance).
 */
export function checkAttachmentUrl(url: string, origins: ReturnType<typeof attachmentOrigins>, fileName: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e: unknown) {
    throw new AccordError(`${fileName} was not downloaded: its address is not a URL.`, { cause: e });
  }
  if (!origins.some((o) => o.protocol === parsed.protocol && o.host === parsed.host)) {
    throw new AccordError(`${fileName} was not downloaded: it is not on Discord's attachment servers (${parsed.host}).`, {
      hint: 'Upload the file to Discord itself, as an attachment of the command.',
    });
  }
  return parsed;
}
