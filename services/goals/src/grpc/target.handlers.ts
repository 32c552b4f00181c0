import { goalsV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import type { DecompositionService } from '../modules/decomposition/decomposition.service';
import type { GoalsSettingsService } from '../modules/settings/goals-settings.service';
import { metricFromProto, scopeFromProto } from '../modules/target/target.mapper';
import type { NewTargetNodeInput, TargetNodeService } from '../modules/target/target-node.service';
import { progressOf, progressToProto } from '../modules/target/target-progress';

const AXIS_PREFIX = 'DECOMPOSITION_AXIS_';

function axisFromProto(axis: goalsV1.DecompositionAxis | undefined): string | undefined {
  if (!axis || axis === goalsV1.DecompositionAxis.DECOMPOSITION_AXIS_UNSPECIFIED) return undefined;
  return axis.startsWith(AXIS_PREFIX) ? axis.slice(AXIS_PREFIX.length) : axis;
}

function nodeInput(request: goalsV1.CreateTargetNodeRequest): NewTargetNodeInput {
  return {
    metric: metricFromProto(request.metric),
    period: request.period,
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    scope: scopeFromProto(request.scope),
    scopeId: request.scopeId,
    value: request.value,
    parentId: request.parentId,
    productLine: request.productLine,
    region: request.region,
    customerSegment: request.customerSegment,
  };
}

function versionOf(raw: string | undefined): number {
  return Number(raw ?? '0') || 0;
}

/** proto <-> domain for TargetService; errors are mapped to gRPC status by the kit. */
export function targetServiceBinding(deps: {
  nodes: TargetNodeService;
  decomposition: DecompositionService;
  settings: GoalsSettingsService;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return bindService(goalsV1.TargetServiceService, {
    async createTargetNode(request, context) {
      const { node, children } = await deps.nodes.create(requirePrincipal(context), nodeInput(request));
      return { node: progressToProto(node), children: children.map(progressToProto) };
    },
    async getTargetNode(request, context) {
      const { node, children } = await deps.nodes.get(requirePrincipal(context), request.id);
      return { node: progressToProto(node), children: children.map(progressToProto) };
    },
    async listTargetNodes(request, context) {
      const { nodes, nextCursor } = await deps.nodes.list(requirePrincipal(context), {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
        metric: metricFromProto(request.metric),
        period: request.period,
        scope: scopeFromProto(request.scope),
        scopeId: request.scopeId,
        parentId: request.parentId,
      });
      return { nodes: nodes.map(progressToProto), page: { nextCursor } };
    },
    async updateTargetNode(request, context) {
      const { node, children } = await deps.nodes.update(requirePrincipal(context), request.id, {
        expectedVersion: versionOf(request.expectedVersion),
        ...(request.value !== undefined ? { value: request.value } : {}),
        ...(request.locked !== undefined ? { locked: request.locked } : {}),
      });
      return { node: progressToProto(node), children: children.map(progressToProto) };
    },
    async deleteTargetNode(request, context) {
      await deps.nodes.delete(requirePrincipal(context), request.id, versionOf(request.expectedVersion));
      return {};
    },
    async decomposeTarget(request, context) {
      const { parent, children } = await deps.decomposition.decompose(requirePrincipal(context), request.id, {
        expectedVersion: versionOf(request.expectedVersion),
        axis: axisFromProto(request.axis),
        childPeriodKind: request.childPeriodKind,
        parts: request.parts,
      });
      const at = now();
      return {
        parent: progressToProto(progressOf(parent, at)),
        children: children.map((c) => progressToProto(progressOf(c, at))),
      };
    },
    async createTargetsFromTemplate(request, context) {
      const nodes = await deps.decomposition.fromTemplate(requirePrincipal(context), {
        root: nodeInput(request.root ?? goalsV1.CreateTargetNodeRequest.fromPartial({})),
        levels: request.levels.map((level) => ({
          axis: axisFromProto(level.axis),
          childPeriodKind: level.childPeriodKind,
          parts: level.parts,
        })),
      });
      const at = now();
      return { nodes: nodes.map((t) => progressToProto(progressOf(t, at))) };
    },
    async getTargetTree(request, context) {
      const nodes = await deps.nodes.tree(
        requirePrincipal(context),
        request.period,
        metricFromProto(request.metric) ?? '',
      );
      return { nodes: nodes.map(progressToProto) };
    },
    async getTargetLeaderboard(request, context) {
      const entries = await deps.nodes.leaderboard(requirePrincipal(context), request.id);
      return { entries: entries.map((e) => ({ rank: e.rank, node: progressToProto(e.node) })) };
    },
    async getGoalsSettings(_request, context) {
      return { settings: settingsToProto(await deps.settings.get(requirePrincipal(context))) };
    },
    async updateGoalsSettings(request, context) {
      const settings = await deps.settings.update(requirePrincipal(context), {
        expectedVersion: versionOf(request.expectedVersion),
        allowOverAllocation: request.allowOverAllocation,
        behindPaceMarginPercent: request.behindPaceMarginPercent,
        leaderboardVisibleToAll: request.leaderboardVisibleToAll,
      });
      return { settings: settingsToProto(settings) };
    },
  });
}

function settingsToProto(settings: {
  allowOverAllocation: boolean;
  behindPaceMarginPercent: number;
  leaderboardVisibleToAll: boolean;
  version: number;
}): goalsV1.GoalsSettings {
  return {
    allowOverAllocation: settings.allowOverAllocation,
    behindPaceMarginPercent: settings.behindPaceMarginPercent,
    leaderboardVisibleToAll: settings.leaderboardVisibleToAll,
    version: String(settings.version),
  };
}
