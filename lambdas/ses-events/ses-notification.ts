import * as z from 'zod';

/**
 * What SES publishes to SNS for a configuration set ("eventType") or an identity
 * ("notificationType"): only the fields this product acts on; the rest is ignored.
 */
const Mail = z.object({
  messageId: z.string(),
  destination: z.array(z.string()).default([]),
  tags: z.record(z.string(), z.array(z.string())).default({}),
});

const Recipients = z.array(z.object({ emailAddress: z.string() })).default([]);

export const SesNotification = z
  .object({
    eventType: z.string().optional(),
    notificationType: z.string().optional(),
    mail: Mail,
    bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: Recipients }).optional(),
    complaint: z.object({ complainedRecipients: Recipients, complaintFeedbackType: z.string().optional() }).optional(),
    delivery: z.object({ timestamp: z.string().optional(), recipients: z.array(z.string()).default([]) }).optional(),
    reject: z.object({ reason: z.string().optional() }).optional(),
  })
  .transform((n) => ({ ...n, kind: (n.eventType ?? n.notificationType ?? '').toLowerCase() }));
export type SesNotification = z.infer<typeof SesNotification>;

export const SnsEvent = z.object({
  Records: z.array(z.object({ Sns: z.object({ Message: z.string(), MessageId: z.string().optional() }) })),
});
