import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('agencies')
export class AgencyEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', name: 'short_name' })
  shortName: string;

  @Column({ type: 'varchar', length: 16 })
  level: 'national' | 'provincial' | 'municipal';

  @Column({ type: 'varchar', length: 32, name: 'parent_code', nullable: true })
  parentCode: string | null;

  /** Department kind (CAST, CPD, EDU, …, SOCIETY, SPECIAL): what group phrases like 各省…科协 select on. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  kind: string | null;

  /** Region code: CN for national bodies, HA for Henan, HA_ZZ for 郑州, XPCC for the Corps. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  region: string | null;

  @Column({ type: 'text', name: 'region_name', nullable: true })
  regionName: string | null;

  @Column({ type: 'varchar', length: 24, name: 'region_type', nullable: true })
  regionType: string | null;

  @Column({ type: 'varchar', length: 16, name: 'parent_region', nullable: true })
  parentRegion: string | null;

  /** 'seed' (shipped) or 'import' (an administrator's CSV). */
  @Column({ type: 'varchar', length: 16, default: 'seed' })
  source: string;
}
