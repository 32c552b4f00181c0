import { goalsV1 } from '@salesflow/contracts';
import { bindService, requirePrincipal } from '@salesflow/platform';
import { projectStatusFromProto, projectToProto } from '../modules/project/project.mapper';
import type { ProjectService } from '../modules/project/project.service';
import {
  taskCommentToProto,
  taskHistoryToProto,
  taskPriorityFromProto,
  taskStatusFromProto,
  taskToProto,
} from '../modules/task/task.mapper';
import type { TaskService, TaskView } from '../modules/task/task.service';
import type { TaskCommentService } from '../modules/task/task-comment.service';
import type { TaskCompletionReport } from '../modules/task/task-completion';
import type { TaskSettingsService } from '../modules/task/task-settings.service';

export interface TaskHandlerDependencies {
  projects: ProjectService;
  tasks: TaskService;
  comments: TaskCommentService;
  completion: TaskCompletionReport;
  settings: TaskSettingsService;
}

const VIEWS: Partial<Record<goalsV1.TaskView, TaskView>> = {
  TASK_VIEW_MINE: 'MINE',
  TASK_VIEW_TEAM: 'TEAM',
};

/** proto <-> domain for TaskService; errors are mapped to gRPC status by the kit. */
export function taskServiceBinding(deps: TaskHandlerDependencies) {
  const { projects, tasks, comments, completion, settings } = deps;
  return bindService(goalsV1.TaskServiceService, {
    async createProject(request, context) {
      const project = await projects.create(requirePrincipal(context), request);
      return { project: projectToProto(project) };
    },
    async getProject(request, context) {
      return { project: projectToProto(await projects.get(requirePrincipal(context), request.id)) };
    },
    async listProjects(request, context) {
      const { projects: rows, nextCursor } = await projects.list(requirePrincipal(context), {
        status: projectStatusFromProto(request.status),
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { projects: rows.map(projectToProto), page: { nextCursor } };
    },
    async updateProject(request, context) {
      const project = await projects.update(requirePrincipal(context), request.id, {
        expectedVersion: request.expectedVersion,
        name: request.name,
        description: request.description,
        targetId: request.targetId,
        ownerId: request.ownerId,
        status: projectStatusFromProto(request.status),
        startDate: request.startDate,
        endDate: request.endDate,
      });
      return { project: projectToProto(project) };
    },
    async addProjectMember(request, context) {
      const project = await projects.addMember(requirePrincipal(context), request.projectId, request.employeeId);
      return { project: projectToProto(project) };
    },
    async removeProjectMember(request, context) {
      const project = await projects.removeMember(requirePrincipal(context), request.projectId, request.employeeId);
      return { project: projectToProto(project) };
    },

    async createTask(request, context) {
      const task = await tasks.create(requirePrincipal(context), {
        ...request,
        priority: taskPriorityFromProto(request.priority),
      });
      return { task: taskToProto(task) };
    },
    async getTask(request, context) {
      return { task: taskToProto(await tasks.get(requirePrincipal(context), request.id)) };
    },
    async listTasks(request, context) {
      const { tasks: rows, nextCursor } = await tasks.list(requirePrincipal(context), {
        view: VIEWS[request.view],
        projectId: request.projectId,
        status: taskStatusFromProto(request.status),
        dueBefore: request.dueBefore,
        dueAtOrAfter: request.dueAtOrAfter,
        parentId: request.parentId,
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { tasks: rows.map(taskToProto), page: { nextCursor } };
    },
    async updateTask(request, context) {
      const task = await tasks.update(requirePrincipal(context), request.id, {
        expectedVersion: request.expectedVersion,
        title: request.title,
        description: request.description,
        assigneeId: request.assigneeId,
        dueAt: request.clearDueAt ? null : request.dueAt,
        priority: taskPriorityFromProto(request.priority),
        status: taskStatusFromProto(request.status),
        projectId: request.projectId,
        customerId: request.customerId,
        opportunityId: request.opportunityId,
      });
      return { task: taskToProto(task) };
    },
    async getTaskHistory(request, context) {
      const entries = await tasks.history(requirePrincipal(context), request.taskId);
      return { entries: entries.map(taskHistoryToProto) };
    },

    async addTaskComment(request, context) {
      const comment = await comments.add(requirePrincipal(context), request.taskId, request);
      return { comment: taskCommentToProto(comment) };
    },
    async listTaskComments(request, context) {
      const { comments: rows, nextCursor } = await comments.list(requirePrincipal(context), request.taskId, {
        limit: request.page?.limit,
        cursor: request.page?.cursor,
      });
      return { comments: rows.map(taskCommentToProto), page: { nextCursor } };
    },

    async getTaskCompletion(request, context) {
      return { people: await completion.byEmployee(requirePrincipal(context), request.period) };
    },

    async getTaskSettings(_request, context) {
      return { settings: await settings.get(requirePrincipal(context)) };
    },
    async updateTaskSettings(request, context) {
      return { settings: await settings.update(requirePrincipal(context), request.settings ?? {}) };
    },
  });
}
