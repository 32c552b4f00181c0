import type { RouteObject } from 'react-router';
import { ProjectPage } from './ProjectPage';
import { ProjectsPage } from './ProjectsPage';
import { TaskDetailPage } from './TaskDetailPage';

/** A task's page and the projects (the task lists themselves are at /tasks). */
export const taskRoutes: RouteObject[] = [
  { path: 'tasks/:id', element: <TaskDetailPage /> },
  { path: 'projects', element: <ProjectsPage /> },
  { path: 'projects/:id', element: <ProjectPage /> },
];
