// Messages from the control room to the speakers' stage screen.
import Type, { type Static } from 'typebox'

export const SpeakerMessage = Type.Object({
  id: Type.String({ format: 'uuid' }),
  text: Type.String(),
  sentAt: Type.String({ format: 'date-time' }),
  acknowledgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type SpeakerMessage = Static<typeof SpeakerMessage>

export const SendMessageInput = Type.Object({ text: Type.String({ minLength: 1, maxLength: 280 }) }, { additionalProperties: false })
export type SendMessageInput = Static<typeof SendMessageInput>

export const AcknowledgeMessageInput = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false })
export type AcknowledgeMessageInput = Static<typeof AcknowledgeMessageInput>
