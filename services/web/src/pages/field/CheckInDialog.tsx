import { CameraOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiProblem, api, type Schemas, unwrap } from '../../api/client';
import { showProblemOnForm } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n';

type Kind = Schemas['CreateCheckInRequest']['kind'];

/** POST /check-ins as multipart: openapi-fetch sends a FormData as it is (the browser sets the boundary). */
async function recordCheckIn(body: FormData) {
  return unwrap(await api.POST('/api/v1/check-ins', { body: body as unknown as Schemas['CreateCheckInRequest'] }));
}
type Recorded = Awaited<ReturnType<typeof recordCheckIn>>;

// The gateway's photo limits (check-in.routes.ts): 3 photos, 5 MB each, JPEG/PNG/WebP.
const MAX_PHOTOS = 3;
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

type Position = { latitude: number; longitude: number; accuracyMeters: number };
type Locating = { state: 'locating' } | { state: 'located'; position: Position } | { state: 'failed'; reason: string };

/** The phone's position from the browser; high accuracy, since the geofence is a few hundred metres. */
function usePosition(): [Locating, () => void] {
  const [locating, setLocating] = useState<Locating>({ state: 'locating' });
  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setLocating({ state: 'failed', reason: 'navigator.geolocation is not available' });
      return;
    }
    setLocating({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      ({ coords }) =>
        setLocating({
          state: 'located',
          position: { latitude: coords.latitude, longitude: coords.longitude, accuracyMeters: coords.accuracy },
        }),
      (error) => setLocating({ state: 'failed', reason: error.message }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 0 },
    );
  }, []);
  // Located once when the dialog opens; again on request after a failure.
  useEffect(locate, [locate]);
  return [locating, locate];
}

/**
 * Check in or out at a customer: where the phone is (geolocation), photos from its camera, a
 * note; sent as multipart to POST /check-ins. The answer says how far from the customer that
 * was, whether inside the geofence, and on a check-out the visit it closed.
 */
export function CheckInDialog({
  kind,
  customerId,
  customerName,
  planItemId,
  onClose,
}: {
  kind: Kind;
  customerId: string;
  customerName: string;
  planItemId?: string;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ notes?: string }>();
  const [locating, locateAgain] = usePosition();
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoError, setPhotoError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [recorded, setRecorded] = useState<Recorded | undefined>();

  function pickPhotos(files: FileList | null) {
    const picked = [...photos, ...Array.from(files ?? [])];
    if (picked.length > MAX_PHOTOS) return setPhotoError(t('field.tooManyPhotos'));
    if (picked.some((file) => !PHOTO_TYPES.includes(file.type))) return setPhotoError(t('field.photoType'));
    if (picked.some((file) => file.size > MAX_PHOTO_BYTES)) return setPhotoError(t('field.photoTooLarge'));
    setPhotoError(undefined);
    setPhotos(picked);
  }

  async function send({ notes }: { notes?: string }) {
    if (locating.state !== 'located') return;
    const { position } = locating;
    const body = new FormData();
    body.set('kind', kind);
    body.set('latitude', String(position.latitude));
    body.set('longitude', String(position.longitude));
    body.set('accuracyMeters', String(position.accuracyMeters));
    body.set('customerId', customerId);
    if (planItemId) body.set('planItemId', planItemId);
    if (notes?.trim()) body.set('notes', notes.trim());
    for (const photo of photos) body.append('photos', photo, photo.name);
    setBusy(true);
    try {
      setRecorded(await recordCheckIn(body));
      message.success(t(kind === 'check_in' ? 'field.checkedIn' : 'field.checkedOut'));
      void queryClient.invalidateQueries({ queryKey: ['daily-reports'] });
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 413 || error.status === 415)) setPhotoError(error.message);
      const rest = showProblemOnForm(form, error);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  }

  const title = `${t(kind === 'check_in' ? 'field.checkIn' : 'field.checkOut')} · ${customerName}`;
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={
        recorded ? (
          <Button type="primary" onClick={onClose}>
            {t('field.close')}
          </Button>
        ) : (
          <Button
            type="primary"
            block
            loading={busy}
            disabled={locating.state !== 'located'}
            onClick={() => form.submit()}
          >
            {t(kind === 'check_in' ? 'field.checkIn' : 'field.checkOut')}
          </Button>
        )
      }
    >
      {recorded ? (
        <RecordedSummary recorded={recorded} />
      ) : (
        <Form form={form} layout="vertical" onFinish={send}>
          <Form.Item label={t('field.position')}>
            {locating.state === 'locating' && <Typography.Text type="secondary">{t('field.locating')}</Typography.Text>}
            {locating.state === 'located' && (
              <Typography.Text data-testid="position">
                {locating.position.latitude.toFixed(5)}, {locating.position.longitude.toFixed(5)} (±
                {Math.round(locating.position.accuracyMeters)} m)
              </Typography.Text>
            )}
            {locating.state === 'failed' && (
              <Alert
                type="error"
                message={t('field.locationFailed')}
                description={locating.reason}
                action={<Button onClick={locateAgain}>↻</Button>}
              />
            )}
          </Form.Item>
          <Form.Item label={t('field.photos')} validateStatus={photoError ? 'error' : undefined} help={photoError}>
            <Space wrap>
              {photos.map((photo) => (
                <Tag
                  key={photo.name + photo.size}
                  closable
                  onClose={() => setPhotos(photos.filter((p) => p !== photo))}
                >
                  {photo.name}
                </Tag>
              ))}
              {photos.length < MAX_PHOTOS && (
                <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
                  <CameraOutlined /> {t('field.takePhoto')}
                  {/* capture: the phone opens its back camera instead of the gallery. */}
                  <input
                    type="file"
                    accept="image/*"
                    capture="environment"
                    multiple
                    data-testid="photo-input"
                    style={{ display: 'none' }}
                    onChange={(event) => {
                      pickPhotos(event.target.files);
                      event.target.value = '';
                    }}
                  />
                </label>
              )}
            </Space>
          </Form.Item>
          <Form.Item name="notes" label={t('field.notes')} rules={[{ max: 2000, message: t('field.tooLong') }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function RecordedSummary({ recorded }: { recorded: Recorded }) {
  const { t } = useI18n();
  const { checkIn, visit } = recorded;
  return (
    <Descriptions column={1} size="small" bordered data-testid="check-in-result">
      <Descriptions.Item label={t('field.distance')}>
        {checkIn.distanceMeters === null ? '—' : `${Math.round(checkIn.distanceMeters)} m`}{' '}
        {!checkIn.insideGeofence && <Tag color="orange">{t('field.outsideGeofence')}</Tag>}
      </Descriptions.Item>
      {checkIn.flags.length > 0 && (
        <Descriptions.Item label="!">
          <Tag color="red">{t('field.flagged')}</Tag>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('field.photos')}>{checkIn.photoIds.length}</Descriptions.Item>
      {visit && (
        <Descriptions.Item label={t('field.visitMinutes')}>
          {visit.durationMinutes} {visit.effective && <Tag color="green">{t('field.effective')}</Tag>}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
