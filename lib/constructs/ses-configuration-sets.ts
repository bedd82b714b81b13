import { Duration, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus } from 'aws-cdk-lib/aws-events';
import {
  CloudWatchDimensionSource,
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** The SES events Lifeline acts on (suppression, engagement) or counts, as SES names them. */
export const PUBLISHED_EMAIL_EVENTS = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.OPEN,
  EmailSendingEvent.CLICK,
  EmailSendingEvent.RENDERING_FAILURE,
] as const;

/** The EventBridge detail-type SES gives each published event, for rules that match them. */
export const EMAIL_EVENT_DETAIL_TYPES: Readonly<Record<(typeof PUBLISHED_EMAIL_EVENTS)[number], string>> = {
  [EmailSendingEvent.SEND]: 'Email Sent',
  [EmailSendingEvent.DELIVERY]: 'Email Delivered',
  [EmailSendingEvent.BOUNCE]: 'Email Bounced',
  [EmailSendingEvent.COMPLAINT]: 'Email Complaint Received',
  [EmailSendingEvent.REJECT]: 'Email Rejected',
  [EmailSendingEvent.OPEN]: 'Email Opened',
  [EmailSendingEvent.CLICK]: 'Email Clicked',
  [EmailSendingEvent.RENDERING_FAILURE]: 'Email Rendering Failed',
};

/** SES's own message tag naming the configuration set, used as the CloudWatch dimension. */
const CONFIGURATION_SET_DIMENSION = 'ses:configuration-set';

/** Properties of {@link SesConfigurationSets}. */
export interface SesConfigurationSetsProps {
  /** Lower-case prefix of the set names: `<prefix>-plays`, `<prefix>-digest`. */
  readonly namePrefix: string;
}

/**
 * One SES configuration set per kind of mail, so customer-facing plays and the internal CS digest
 * never share reputation metrics, suppression handling or event streams. Both publish their
 * events to the default EventBridge bus (the only bus SES publishes to), where rules pick their
 * set's events by the `ses:configuration-set` tag SES puts on every event.
 *
 * Named, so the console, SES metrics and event rules show which mail is which.
 */
export class SesConfigurationSets extends Construct {
  /** Play emails to tenants' contacts. */
  readonly plays: ConfigurationSet;
  /** The morning digest to CS managers. */
  readonly digest: ConfigurationSet;

  constructor(scope: Construct, id: string, props: SesConfigurationSetsProps) {
    super(scope, id);
    // Set names allow letters, digits, _ and -, up to 64 characters.
    if (!/^[a-z0-9_-]{1,56}$/.test(props.namePrefix)) {
      throw new Error(`${this.node.path}: namePrefix must be 1-56 lower-case letters, digits, _ or -`);
    }
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    const set = (kind: string) => {
      const configurationSet = new ConfigurationSet(this, kind, {
        configurationSetName: `${props.namePrefix}-${kind.toLowerCase()}`,
        reputationMetrics: true,
        // Belt and braces with Lifeline's own suppression: SES drops addresses on the account's
        // suppression list too, so a bounce recorded before Lifeline existed is honoured.
        suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      });
      configurationSet.addEventDestination('ToEventBridge', {
        destination: EventDestination.eventBus(defaultBus),
        events: [...PUBLISHED_EMAIL_EVENTS],
      });
      return configurationSet;
    };
    this.plays = set('Plays');
    this.digest = set('Digest');
    // Nothing acts on a digest's bounce (the addresses are colleagues', not customers'), but a CSM
    // address that bounces means a digest nobody reads: counted in CloudWatch, so it can alarm.
    this.digest.addEventDestination('ToCloudWatch', {
      destination: EventDestination.cloudWatchDimensions([
        {
          name: CONFIGURATION_SET_DIMENSION,
          source: CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: `${props.namePrefix}-digest`,
        },
      ]),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }

  /** Bounces or complaints of the digest's recipients, as its CloudWatch event destination counts them. */
  metricDigest(event: 'Bounce' | 'Complaint'): Metric {
    return new Metric({
      namespace: 'AWS/SES',
      metricName: event,
      dimensionsMap: { [CONFIGURATION_SET_DIMENSION]: this.digest.configurationSetName },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
  }

  /** The ARN IAM authorizes `ses:SendEmail` against when a message names this set. */
  arnOf(configurationSet: ConfigurationSet): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: configurationSet.configurationSetName,
    });
  }
}
