import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** What the local SES endpoint keeps of each accepted email (GET /store). */
const StoreSchema = z.object({
  emails: z.array(
    z.object({
      messageId: z.string(),
      destination: z.object({ to: z.array(z.string()) }),
      subject: z.string(),
      at: z.number(),
    }),
  ),
});

/** GET /get-emlContent answers with the raw message as a serialised Node Buffer. */
const EmlSchema = z.object({
  body: z.object({ type: z.literal('Buffer'), data: z.array(z.number().int()) }),
});

/** Which play (or the digest) and tenant a message belongs to, by SES message id. */
export interface MessageOrigin {
  readonly kind: 'play' | 'digest';
  readonly play?: string;
  readonly tenantId?: string;
}

export interface ExportedEmail {
  readonly messageId: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly kind: MessageOrigin['kind'] | 'unknown';
  readonly play: string | null;
  readonly tenantId: string | null;
  readonly file: string;
}

/**
 * Writes every email the local SES endpoint accepted to `dir`: one .eml per message (open it in
 * any mail client) and index.jsonl, so anyone can read exactly what Lifeline sent.
 */
export async function exportEmails(
  sesEndpoint: string,
  dir: string,
  origins: ReadonlyMap<string, MessageOrigin>,
): Promise<ExportedEmail[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const store = StoreSchema.parse(await (await fetch(`${sesEndpoint}/store`)).json());
  const exported: ExportedEmail[] = [];
  for (const [index, email] of store.emails.entries()) {
    const response = await fetch(
      `${sesEndpoint}/get-emlContent?messageId=${encodeURIComponent(email.messageId)}`,
    );
    if (!response.ok)
      throw new Error(`local SES has no .eml for ${email.messageId}: HTTP ${response.status}`);
    const origin = origins.get(email.messageId);
    const file = `${String(index + 1).padStart(5, '0')}-${origin?.play ?? origin?.kind ?? 'email'}.eml`;
    const eml = EmlSchema.parse(await response.json());
    await writeFile(join(dir, file), Buffer.from(eml.body.data));
    exported.push({
      messageId: email.messageId,
      to: email.destination.to,
      subject: email.subject,
      kind: origin?.kind ?? 'unknown',
      play: origin?.play ?? null,
      tenantId: origin?.tenantId ?? null,
      file,
    });
  }
  await writeFile(join(dir, 'index.jsonl'), exported.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  return exported;
}
