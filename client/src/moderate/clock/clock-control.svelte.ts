// The « Programme » panel's state: clock commands with their outcome, the confirmation step, the message draft.
import type { ClockCommandInput } from '../../../../server/contract/clock'
import type { ClockDisplay } from '../../lib/clock-display'
import { i18n } from '../../lib/i18n.svelte'
import type { MessageKey } from '../../lib/i18n'
import type { EventStream } from '../../lib/stream.svelte'
import { availability, CONFIRMED, inputFor, labelKeyOf, REHEARSAL_SPEED, type PanelCommand } from './clock-commands'

export class ClockControl {
  /** Commands in flight: a double press of « next » must not skip two segments. */
  busy = $state(false)
  /** The last refusal, as the server worded it (already in the user's language). */
  error = $state<string | null>(null)
  /** A polite confirmation of the last command. */
  notice = $state<string | null>(null)
  /** The command waiting for « are you sure? ». */
  confirming = $state<PanelCommand | null>(null)
  /** The reset's choice after a rehearsal: put what it answered back in « Publiées » (ticked by default). */
  reopenAnswered = $state(true)

  constructor(readonly stream: EventStream) {}

  /** A button or a shortcut: confirmed commands ask first; the rest go at once. */
  request(command: PanelCommand, display: ClockDisplay | null): void {
    if (!availability(display)[command]) return
    if (CONFIRMED.includes(command)) {
      this.reopenAnswered = true
      this.confirming = command
      return
    }
    void this.run(command, display)
  }

  /** `reopenOffered`: the dialog showed the reset's choice (there was something the rehearsal answered). */
  async confirm(display: ClockDisplay | null, reopenOffered = false): Promise<void> {
    const command = this.confirming
    this.confirming = null
    if (command) await this.run(command, display, reopenOffered && this.reopenAnswered)
  }

  cancel(): void {
    this.confirming = null
  }

  run(command: PanelCommand, display: ClockDisplay | null, reopenAnswered = false): Promise<boolean> {
    return this.#send(inputFor(command, display, reopenAnswered), labelKeyOf(command, display))
  }

  goto(index: number): Promise<boolean> {
    return this.#send({ type: 'goto', segment: index }, 'clock.cmd.goto')
  }

  async #send(input: ClockCommandInput, labelKey: MessageKey): Promise<boolean> {
    // Adjustments add up (two presses, two minutes); anything else waits for the previous command.
    if (this.busy && input.type !== 'adjust') return false
    const blocking = input.type !== 'adjust'
    if (blocking) this.busy = true
    const ack = await this.stream.clockCommand(input)
    if (blocking) this.busy = false
    if (!ack.ok) {
      this.notice = null
      this.error = ack.error.message
      return false
    }
    this.error = null
    this.notice = i18n.t('clock.done', { command: i18n.t(labelKey, { speed: REHEARSAL_SPEED }) })
    return true
  }
}

export const MESSAGE_MAX = 280

export class MessageDraft {
  text = $state('')
  sending = $state(false)
  error = $state<string | null>(null)
  notice = $state<string | null>(null)

  constructor(readonly stream: EventStream) {}

  get length(): number {
    return this.text.trim().length
  }

  get canSend(): boolean {
    return !this.sending && this.length > 0 && this.length <= MESSAGE_MAX
  }

  async send(): Promise<boolean> {
    if (!this.canSend) return false
    this.sending = true
    this.notice = null
    const ack = await this.stream.sendMessage(this.text.trim())
    this.sending = false
    if (!ack.ok) {
      this.error = ack.error.message
      return false
    }
    this.error = null
    this.text = ''
    this.notice = i18n.t('message.box.sent')
    return true
  }
}
