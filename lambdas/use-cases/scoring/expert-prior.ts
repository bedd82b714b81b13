import { buildExpertPrior, type ExpertPriorModel, type ExpertRisk } from '../../domain/model';
import type { FeatureLayout } from '../../domain/scoring/feature-layout';

/**
 * Risk curves a CS team would set by hand, used until the portfolio has enough churn labels:
 * one or two signals per cause, in logit units relative to a typical tenant.
 */
const EXPERT_RISKS: readonly ExpertRisk[] = [
  {
    feature: 'activeUsersChange',
    points: [
      [-0.8, 1.6],
      [-0.5, 1],
      [-0.2, 0.2],
      [0, 0],
      [0.3, -0.2],
    ],
  },
  {
    feature: 'coreActionsChange',
    points: [
      [-0.8, 0.8],
      [-0.4, 0.4],
      [0, 0],
    ],
  },
  {
    feature: 'breadth',
    points: [
      [0.2, 1.2],
      [0.4, 0.6],
      [0.7, 0],
      [1, -0.3],
    ],
  },
  {
    feature: 'businessTrend',
    points: [
      [-0.4, 1.2],
      [-0.15, 0.5],
      [0, 0],
      [0.2, -0.2],
    ],
  },
  {
    feature: 'businessPercentile',
    points: [
      [0.05, 0.6],
      [0.15, 0.2],
      [0.5, 0],
    ],
  },
  {
    feature: 'slaBreaches28d',
    points: [
      [0, 0],
      [2, 0.6],
      [5, 1.2],
    ],
  },
  {
    feature: 'openBugs',
    points: [
      [0, 0],
      [3, 0.4],
      [8, 1],
    ],
  },
  {
    feature: 'nps',
    points: [
      [2, 1.2],
      [5, 0.6],
      [7, 0],
      [9, -0.3],
    ],
  },
  {
    feature: 'csat',
    points: [
      [1.5, 1],
      [3, 0.3],
      [4, 0],
    ],
  },
  {
    feature: 'onboardingOverdueSteps',
    points: [
      [0, 0],
      [1, 1],
      [2, 1.5],
    ],
  },
  {
    feature: 'daysToRenewal',
    points: [
      [30, 0.3],
      [90, 0.1],
      [180, 0],
    ],
  },
];

export function expertPrior(layout: FeatureLayout, version: string, reason: string): ExpertPriorModel {
  return buildExpertPrior({
    version,
    featureNames: layout.names,
    baseRate: 0.05,
    risks: EXPERT_RISKS.filter((risk) => layout.index.has(risk.feature)),
    reason,
  });
}
